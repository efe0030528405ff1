"""`newsfacts crawl` as a user runs it against a real local server: options and their errors, the summary, the
progress bar and --extract (through click's runner, in-process), and a crawl in a subprocess killed with SIGKILL
half way and resumed (no page fetched twice, none lost)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from fixtures.site.server import SiteServer

EXE = str(Path(sys.executable).parent / "newsfacts")


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def newsfacts(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


def invoke(*args: str):
    """The real command in this process (the exit code, stdout and stderr a user would see)."""
    return CliRunner().invoke(main, list(args))


def stored_urls(db: Path) -> set[str]:
    if not db.exists():  # the crawler has not started yet
        return set()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return {r[0] for r in con.execute("select url from pages")}
    except sqlite3.OperationalError:  # the crawler has not created its tables yet
        return set()
    finally:
        con.close()


def test_crawl_needs_a_seed_and_valid_options(tmp_path):
    out = invoke("crawl", "--db", str(tmp_path / "x.db"))
    assert out.exit_code == 2
    assert "Nothing to crawl: give at least one of --feed, --sitemap, --urls or --site." in out.stderr
    out = invoke("crawl", "--feed", "http://127.0.0.1:9/f", "--since", "last week")
    assert out.exit_code == 2 and "'last week' is not a date; use YYYY-MM-DD or an ISO 8601 datetime" in out.stderr
    out = invoke("crawl", "--feed", "http://127.0.0.1:9/f", "--match", "(unclosed")
    assert out.exit_code == 2 and "'(unclosed' is not a regular expression" in out.stderr
    out = invoke("crawl", "--feed", "http://127.0.0.1:9/f", "--db", str(tmp_path / "nowhere" / "x.db"))
    assert out.exit_code == 2 and f"the folder {tmp_path / 'nowhere'} does not exist; create it first." in out.stderr
    bad = tmp_path / "urls.txt"
    bad.write_text("https://ex.org/a\nnot a url\n")
    out = invoke("crawl", "--urls", str(bad), "--db", str(tmp_path / "x.db"))
    assert out.exit_code == 1 and f"Error: {bad}, line 2: 'not a url' is not an http(s) URL" in out.stderr
    assert not (tmp_path / "x.db").exists() or stored_urls(tmp_path / "x.db") == set()


def test_crawl_prints_what_happened_and_refuses_loopback_without_the_flag(site, tmp_path):
    db = tmp_path / "c.db"
    out = invoke("crawl", "--feed", site.url("/feed.xml"), "--db", str(db), "--delay", "0", "--since", "2025-01-01")
    assert out.exit_code == 1  # nothing could be selected: the feed itself is on a loopback address
    assert "seed problem: " in out.stdout and "a loopback address (use --allow-private to crawl it)" in out.stdout
    assert site.paths() == []
    out = invoke("crawl", "--feed", site.url("/feed.xml"), "--db", str(db), "--delay", "0", "--since", "2025-01-01",
                    "--allow-private", "--no-progress")
    assert out.exit_code == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert first == "seeds 10, selected 9, requested 9: duplicate 1, refused 3, stored 5"
    assert "1 x refused: forbidden by robots.txt" in out.stdout and "1 x refused: not HTML" in out.stdout
    assert "  retried 1 x HTTP 500" in out.stdout.splitlines()
    assert len(stored_urls(db)) == 5


def test_progress_bar_and_the_operators_contact(site, tmp_path):
    out = invoke("crawl", "--feed", site.url("/gen-feed.xml?n=3"), "--db", str(tmp_path / "c.db"), "--delay", "0",
                    "--allow-private", "--progress", "--contact", "ops@example.org")
    assert out.exit_code == 0 and "3/3" in out.stderr and "page" in out.stderr
    agents = {h.headers["user-agent"] for h in site.hits}
    assert len(agents) == 1 and agents.pop().endswith("; contact: ops@example.org)")


def test_a_crawl_killed_half_way_resumes_without_duplicates_or_losses(site, tmp_path):
    db = tmp_path / "c.db"
    n = 20
    args = ["crawl", "--feed", site.url(f"/gen-feed.xml?n={n}"), "--db", str(db), "--delay", "0.1",
            "--allow-private", "--no-progress"]
    proc = subprocess.Popen([EXE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(stored_urls(db)) < 6:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the crawl stored nothing in 60 s"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = stored_urls(db)
    requested_before = {h.path for h in site.hits}
    assert 6 <= len(before) < n, "the kill came too late to test anything"
    hits_before = len(site.hits)

    out = invoke(*args)  # the resumed run need not be a subprocess
    assert out.exit_code == 0, out.output
    after = stored_urls(db)
    assert after == {site.url(f"/gen/{i}.html") for i in range(1, n + 1)}  # none lost
    rerun = [h.path for h in site.hits[hits_before:] if h.path.startswith("/gen/")]
    assert not {site.url(p) for p in rerun} & before  # nothing stored before the kill was asked for again
    assert len(rerun) == len(set(rerun)) == n - len(before)
    # at most the one request in flight at the kill was repeated; every other page was requested exactly once
    gen_hits = [h.path for h in site.hits if h.path.startswith("/gen/")]
    assert len(gen_hits) - n <= 1 and set(gen_hits) >= requested_before - {"/robots.txt", f"/gen-feed.xml?n={n}"}
    con = sqlite3.connect(db)
    assert con.execute("select count(*), count(distinct content_hash) from pages").fetchone() == (n, n)
    assert con.execute("select state, count(*) from frontier group by state").fetchall() == [("stored", n)]
    con.close()
    # and a third run has nothing left to do
    out = invoke(*args)
    assert out.stdout.splitlines()[0] == f"seeds {n}, selected {n}, requested 0"


def test_extract_parses_and_extracts_new_pages_and_those_an_earlier_run_left(site, tmp_path):
    db = tmp_path / "c.db"
    args = ["crawl", "--feed", site.url("/feed.xml"), "--match", "/articles/", "--db", str(db), "--delay", "0",
            "--allow-private", "--no-progress"]
    out = invoke(*args, "--max-pages", "2")  # stores jsonld.html and plain.html, extracts nothing
    assert out.exit_code == 0, out.output
    out = invoke(*args, "--extract")  # stores cp1252.html (tracked.html is a duplicate), extracts all three
    assert out.exit_code == 0, out.output
    con = sqlite3.connect(db)
    pages = dict(con.execute("select article_id, canonical_url from pages").fetchall())
    assert len(pages) == 3
    articles = {r[0]: r[1:] for r in con.execute("select id, url, title, published, text from articles")}
    assert {k: v[0] for k, v in articles.items()} == pages  # one article per page, id = hash of its canonical URL
    by_path = {v[0].rsplit("/", 1)[1]: v for v in articles.values()}
    # the page with JSON-LD keeps its metadata; the windows-1252 page that claims UTF-8 reads right
    assert by_path["jsonld.html"][1] == "Port of Eastmere container volumes climb 4.2% in May"
    assert (by_path["jsonld.html"][2] or "").startswith("2025-06-03")
    assert "Coffee exports from the Señora Valley reached €5bn in 2024" in by_path["cp1252.html"][3]
    assert "Refined copper output at the Westbrook smelter fell 3%" in by_path["plain.html"][3]
    assert con.execute("select command, articles from runs").fetchall() == [("crawl", 3)]
    assert con.execute("select count(*) from figures").fetchone()[0] >= 3
    assert "articles" in out.stdout and "figures" in out.stdout
    con.close()
