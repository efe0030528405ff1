"""`newsfacts parse`: files, folders, .html.gz, bad inputs, and pages stored by a crawl (re-parsed, not fetched)."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

from click.testing import CliRunner

from extractor.parse_cli import parse

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def rows(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_folder_with_html_htm_and_gzip_files(tmp_path):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(PAGES / "graph_article.html", folder / "cranes.html")
    shutil.copy(PAGES / "time_only.html", folder / "sub" / "ports.htm")
    (folder / "grain.v2.html.gz").write_bytes(gzip.compress((PAGES / "og_only.html").read_bytes()))
    (folder / "notes.txt").write_text("not a page")  # ignored inside a folder
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(parse, [str(folder), "--jsonl", str(out)])
    assert result.exit_code == 0, result.output
    got = rows(out)
    assert set(got) == {"cranes", "ports", "grain"}  # ids: file names without extensions
    assert got["grain"]["title"] == "Grain exporters eye new routes"
    assert got["grain"]["authors"] == ["Jane Okafor", "Luis Herrera"]
    assert got["cranes"]["published"] == "2024-03-05T08:30:00+01:00"
    assert got["ports"]["text"].startswith("Container volumes at the southern port rose")
    assert "parsed 3 page(s)" in result.output


def test_bad_inputs_are_reported_and_the_rest_parsed(tmp_path):
    good = tmp_path / "good.html"
    shutil.copy(PAGES / "time_only.html", good)
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"this is not gzip")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(parse, [str(broken), str(good), str(empty), str(other), str(tmp_path / "missing"),
                                        "--jsonl", str(out)])
    assert result.exit_code == 1
    assert set(rows(out)) == {"good"}
    assert f"error: {broken}: cannot read" in result.output
    assert f"error: {empty}: no article text" in result.output
    assert f"error: {other}: not an HTML file" in result.output
    assert "missing: no such file or folder" in result.output


def test_stored_pages_are_reparsed_without_fetching(tmp_path):
    from extractor.crawl.storage import CrawlStore
    db = tmp_path / "crawl.db"
    store = CrawlStore(db)
    base = {"status": 200, "content_type": "text/html", "size": 0, "content_hash": "", "etag": None,
            "last_modified": None, "checked_at": "2024-01-01T00:00:00Z", "run_started": "r1"}
    store.db["pages"].insert_all([
        {**base, "url": "http://127.0.0.1:9/cranes", "final_url": "http://127.0.0.1:9/cranes",
         "canonical_url": "http://127.0.0.1:9/cranes", "article_id": "a-cranes", "headers": json.dumps({}),
         "encoding": "utf-8", "body": zlib.compress((PAGES / "graph_article.html").read_bytes()),
         "body_codec": "zlib", "fetched_at": "2024-01-01T00:00:01Z"},
        # windows-1252 bytes, declared so by the server although the page says UTF-8; stored gzip-compressed
        {**base, "url": "http://127.0.0.1:9/cafe", "final_url": "http://127.0.0.1:9/cafe",
         "canonical_url": "http://127.0.0.1:9/cafe", "article_id": "a-cafe",
         "headers": json.dumps({"content-type": "text/html; charset=windows-1252"}), "encoding": "cp1252",
         "body": gzip.compress((PAGES / "cp1252_declared_utf8.html").read_bytes()), "body_codec": "gzip",
         "fetched_at": "2024-01-01T00:00:02Z"},
        {**base, "url": "http://127.0.0.1:9/broken", "final_url": "http://127.0.0.1:9/broken",
         "canonical_url": "http://127.0.0.1:9/broken", "article_id": "a-broken", "headers": "{}",
         "encoding": "utf-8", "body": b"\x78\x9cnot zlib at all", "body_codec": "zlib",
         "fetched_at": "2024-01-01T00:00:03Z"},
    ])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(parse, ["--db", str(db), "--jsonl", str(out)])
    assert result.exit_code == 1  # the broken row is reported
    assert "a-broken" not in result.output and "/broken: stored body cannot be decompressed" in result.output
    got = rows(out)
    assert list(got) == ["a-cranes", "a-cafe"]  # crawl ids, fetch order
    # the page's own (relative) canonical link, resolved against the URL it was fetched from
    assert got["a-cranes"]["url"] == "http://127.0.0.1:9/markets/2024/03/cranes-idle"
    assert "Terminal staff said loaded volumes fell 12%" in got["a-cranes"]["text"]
    assert "a indiqué l’office des statistiques" in got["a-cafe"]["text"]
    assert got["a-cafe"]["url"] == "http://127.0.0.1:9/cafe"  # no canonical on the page: the stored one


def test_db_without_pages_table_and_no_arguments(tmp_path):
    import sqlite3
    db = tmp_path / "empty.db"
    sqlite3.connect(db).execute("create table articles (id text)").connection.commit()
    result = CliRunner().invoke(parse, ["--db", str(db)])
    assert result.exit_code == 1 and "no pages table" in result.output
    result = CliRunner().invoke(parse, [])
    assert result.exit_code == 2 and "give HTML files or folders" in result.output


def test_output_feeds_extract_and_stdout_is_the_default(tmp_path):
    exe = Path(sys.executable).parent / "newsfacts"
    done = subprocess.run([str(exe), "parse", str(PAGES / "time_only.html"), "--quiet"], capture_output=True,
                          text=True, check=True)
    row = json.loads(done.stdout)
    assert row["id"] == "time_only" and row["url"] is None and row["language"] is None
    from extractor.inputs import read_inputs
    path = tmp_path / "one.jsonl"
    path.write_text(done.stdout, encoding="utf-8")
    [(_, article)] = list(read_inputs([path]))
    assert article.id == "time_only" and article.published == "2023-11-02T09:45:00-05:00"
