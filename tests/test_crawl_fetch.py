"""The crawler against a real HTTP server on 127.0.0.1 (tests/fixtures/site/server.py): what is stored, what is
refused and why, retries, timeouts, caps, redirects, the address policy, politeness timing and conditional GET."""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from extractor.crawl import CrawlSettings, CrawlStore, crawl
from extractor.crawl.storage import decompress
from fixtures.site.server import BIG, SHARED_CORPUS, SITE, SiteServer, gzip_bomb


# the server sees a request a little after the client starts it, and that lag varies on a busy machine: one gap
# may look up to this much shorter than the client's spacing (the next one then looks longer by as much)
ARRIVAL_JITTER = 0.06


@pytest.fixture
def site():
    with SiteServer() as server:
        yield server


def fast(**overrides) -> CrawlSettings:
    """Polite machinery, test-sized numbers: no delay, short timeouts and backoffs, loopback allowed."""
    base = dict(delay=0, randomize_delay=False, allow_private=True, read_timeout=0.5, connect_timeout=2,
                backoff_base=0.05)
    return CrawlSettings(**{**base, **overrides})


def run(tmp_path: Path, settings: CrawlSettings | None = None, **seeds):
    db = tmp_path / "crawl.db"
    report = crawl(settings or fast(), db_path=db, **seeds)
    return report, CrawlStore(db)


def url_list(tmp_path: Path, site: SiteServer, *paths: str) -> list[str]:
    f = tmp_path / "urls.txt"
    f.write_text("\n".join(site.url(p) for p in paths) + "\n")
    return [str(f)]


def frontier(store: CrawlStore, site: SiteServer) -> dict[str, dict]:
    prefix = site.url("")
    return {r["url"].removeprefix(prefix): r for r in store.db.query("select * from frontier")}


def page(store: CrawlStore, site: SiteServer, path: str) -> dict:
    return store.db["pages"].get(site.url(path))


def site_file(site: SiteServer, name: str) -> bytes:
    return (SITE / name).read_bytes().replace(b"HOST", site.host.encode())


def settle(site: SiteServer, path: str) -> int:
    """Bytes the server managed to send for `path`, once its writer thread has stopped."""
    last = -1
    while site.sent[path] != last:
        last = site.sent[path]
        time.sleep(0.2)
    return last


# the fixture feed: every outcome in one crawl ------------------------------------------------------------------------
def test_feed_crawl_stores_pages_and_says_why_others_are_not(site, tmp_path):
    report, store = run(tmp_path, feeds=[site.url("/feed.xml")])
    f = frontier(store, site)
    states = {path: (row["state"], row["reason"]) for path, row in f.items()}
    assert states["/articles/jsonld.html"] == ("stored", "")        # the feed's ?utm_ link, canonicalised
    assert states["/articles/plain.html"] == ("stored", "")
    assert states["/articles/tracked.html"] == ("duplicate", f"same canonical URL as {site.url('/articles/plain.html')}")
    assert states["/articles/cp1252.html"] == ("stored", "")
    assert states["/private/secret.html"] == ("refused", "forbidden by robots.txt")
    assert states["/redirect/1"] == ("stored", "")
    assert states["/loop/a"][0] == "refused" and states["/loop/a"][1].startswith("redirect loop: ")
    assert states["/flaky/500"] == ("stored", "")
    assert states["/report.pdf"] == ("refused", "not HTML (content type application/pdf)")
    assert states["/articles/old.html"] == ("refused", "HTTP 404")
    assert len(f) == 10 and report.states == {"stored": 5, "duplicate": 1, "refused": 4}
    # robots.txt was asked once and the disallowed page never
    assert site.paths().count("/robots.txt") == 1 and "/private/secret.html" not in site.paths()
    # what is stored is exactly what was served, compressed, with its metadata
    row = page(store, site, "/articles/plain.html")
    served = (SITE / "articles" / "plain.html").read_bytes()
    assert decompress(row["body"], row["body_codec"]) == served and len(row["body"]) < len(served)
    assert row["status"] == 200 and row["size"] == len(served)
    assert row["content_hash"] == hashlib.sha256(served).hexdigest()
    assert json.loads(row["headers"])["content-type"] == "text/html; charset=utf-8"
    assert row["fetched_at"] and row["checked_at"] and row["article_id"]
    assert page(store, site, "/articles/jsonld.html")["canonical_url"] == site.url("/articles/jsonld.html")
    assert store.db["pages"].count == 5  # no body for the duplicate, refusals or failures


def test_redirect_chain_is_followed_and_recorded(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/redirect/1"))
    row = page(store, site, "/redirect/1")
    assert row["final_url"] == site.url("/articles/chained.html")
    assert row["canonical_url"] == site.url("/articles/chained.html")
    assert [p for p in site.paths() if p != "/robots.txt"] == ["/redirect/1", "/redirect/2", "/redirect/3",
                                                               "/articles/chained.html"]


def test_a_page_already_stored_through_a_redirect_is_not_fetched_again(site, tmp_path):
    files = url_list(tmp_path, site, "/redirect/1", "/articles/chained.html")
    _, store = run(tmp_path, url_files=files)
    f = frontier(store, site)
    # whichever arrives first is stored; the other is recognised inside the host's slot, before a request
    assert {f["/redirect/1"]["state"], f["/articles/chained.html"]["state"]} == {"stored", "duplicate"}
    dup = "/redirect/1" if f["/redirect/1"]["state"] == "duplicate" else "/articles/chained.html"
    other = "/articles/chained.html" if dup == "/redirect/1" else "/redirect/1"
    assert f[dup]["reason"] == f"already stored as {site.url(other)}" and f[dup]["page_url"] == site.url(other)
    assert site.paths().count("/articles/chained.html") == 1 and store.db["pages"].count == 1


def test_redirect_loop_and_redirect_cap(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/loop/a", "/redirect/long/1"))
    f = frontier(store, site)
    assert f["/loop/a"]["reason"] == (f"redirect loop: {site.url('/loop/a')} -> {site.url('/loop/b')} -> "
                                      f"{site.url('/loop/a')}")
    assert f["/redirect/long/1"] == {**f["/redirect/long/1"], "state": "refused",
                                     "reason": "too many redirects (more than 5)"}
    assert sum(p.startswith("/redirect/long/") for p in site.paths()) == 6  # the first request + 5 hops


def test_robots_txt_missing_allows_all_and_unreachable_forbids_all(tmp_path):
    with SiteServer(robots_status=404) as site:
        _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/private/secret.html"))
        assert store.state(site.url("/private/secret.html"))["state"] == "stored"
    with SiteServer(robots_status=503) as site:
        _, store = run(tmp_path, fast(retry_times=1), url_files=url_list(tmp_path, site, "/articles/plain.html"))
        row = store.state(site.url("/articles/plain.html"))
        assert row["state"] == "refused"
        assert row["reason"] == "forbidden by robots.txt (robots.txt unreadable: HTTP 503 after 2 attempts)"
        assert site.paths() == ["/robots.txt", "/robots.txt"]


# retries, timeouts ----------------------------------------------------------------------------------------------------
def test_429_waits_for_retry_after_then_stores(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/flaky/429"))
    hits = site.requests_for("/flaky/429")
    assert len(hits) == 2 and hits[1].time - hits[0].time >= 1.0 - ARRIVAL_JITTER  # Retry-After: 1, not the backoff
    row = store.state(site.url("/flaky/429"))
    assert (row["state"], row["attempts"]) == ("stored", 2)


def test_500_then_200_is_retried_with_backoff(site, tmp_path):
    report, store = run(tmp_path, fast(backoff_base=0.2), url_files=url_list(tmp_path, site, "/flaky/500"))
    hits = site.requests_for("/flaky/500")
    assert len(hits) == 2 and hits[1].time - hits[0].time >= 0.2 * 0.5  # backoff x jitter 0.5-1.5
    assert store.state(site.url("/flaky/500"))["attempts"] == 2 and report.stats["retry/HTTP 500"] == 1
    assert b"answered on a later attempt" in next(store.pages()).body


def test_a_response_slower_than_the_timeout_fails_and_is_retried_by_the_next_run(tmp_path):
    with SiteServer(slow_seconds=3.0) as site:
        files = url_list(tmp_path, site, "/slow")
        started = time.monotonic()
        _, store = run(tmp_path, fast(read_timeout=0.3, retry_times=1), url_files=files)
        assert time.monotonic() - started < 2.9  # gave up before the server answered
        row = store.state(site.url("/slow"))
        assert (row["state"], row["reason"], row["attempts"]) == ("failed", "read timeout after 2 attempts", 2)
        assert len(site.requests_for("/slow")) == 2
        run(tmp_path, fast(read_timeout=0.3, retry_times=0), url_files=files)  # failed is not final
        assert len(site.requests_for("/slow")) == 3


# caps and content types -----------------------------------------------------------------------------------------------
def test_50_mb_body_is_refused_from_content_length_without_downloading_it(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/big"))
    row = store.state(site.url("/big"))
    assert (row["state"], row["reason"]) == ("refused", "too large: Content-Length 52428800 bytes is over the 10 MB cap")
    assert settle(site, "/big") < BIG // 2


def test_50_mb_stream_without_length_is_cut_at_the_cap(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/big-stream"))
    row = store.state(site.url("/big-stream"))
    assert row["state"] == "refused" and row["reason"].startswith("too large: body passed the 10 MB cap after ")
    received = int(row["reason"].split("after ")[1].split()[0])
    assert 10 * 1024 * 1024 < received < 11 * 1024 * 1024
    assert settle(site, "/big-stream") < BIG // 2


def test_gzip_encoded_page_is_stored_decoded(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/gzipped.html"))
    stored = next(store.pages())
    assert stored.body == site_file(site, "articles/plain.html") and stored.headers["content-encoding"] == "gzip"


def test_gzip_bomb_stops_at_the_decoded_cap(site, tmp_path):
    bomb = gzip_bomb()  # made before the crawl, so the server answers at once
    _, store = run(tmp_path, fast(max_body_bytes=2 * 1024 * 1024), url_files=url_list(tmp_path, site, "/bomb"))
    row = store.state(site.url("/bomb"))
    assert row["state"] == "refused" and row["reason"].startswith("too large: decoded body passed the 2 MB cap after ")
    received = int(row["reason"].split("after ")[1].split()[0])
    assert received < len(bomb) * 3 // 4  # the first chunks were enough to pass 2 MB; the rest was never read


def test_pdf_is_refused_by_type_and_by_its_bytes(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/report.pdf", "/disguised.pdf"))
    f = frontier(store, site)
    assert f["/report.pdf"]["reason"] == "not HTML (content type application/pdf)"
    assert f["/disguised.pdf"]["reason"] == "not HTML (a PDF document)"
    assert store.db["pages"].count == 0


def test_windows_1252_page_declared_utf8_is_stored_byte_for_byte_with_its_real_encoding(site, tmp_path):
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, "/articles/cp1252.html"))
    text = (SITE / "articles" / "cp1252.txt").read_text(encoding="utf-8")
    stored = next(store.pages())
    assert stored.body == text.encode("cp1252") and stored.headers["content-type"].endswith("charset=utf-8")
    assert stored.encoding == "cp1252" and stored.text == text


# the address policy ---------------------------------------------------------------------------------------------------
def test_loopback_is_refused_by_default_without_any_request(site, tmp_path):
    _, store = run(tmp_path, fast(allow_private=False), url_files=url_list(tmp_path, site, "/articles/plain.html"))
    row = store.state(site.url("/articles/plain.html"))
    assert row["state"] == "refused"
    assert row["reason"] == "127.0.0.1 resolves to 127.0.0.1, a loopback address (use --allow-private to crawl it)"
    assert site.paths() == []


def test_a_redirect_into_a_private_address_is_refused(site, tmp_path):
    # 127.0.0.1 stands in for a public host (allow-listed); its redirect to "localhost" must be checked again
    settings = fast(allow_private=False, allow_hosts=("127.0.0.1",))
    _, store = run(tmp_path, settings, url_files=url_list(tmp_path, site, "/to-localhost"))
    row = store.state(site.url("/to-localhost"))
    assert row["state"] == "refused" and row["reason"].startswith("localhost resolves to ")
    assert "loopback address (use --allow-private" in row["reason"]
    assert "/articles/plain.html" not in site.paths()


def test_the_checked_address_is_the_one_connected_to(site, tmp_path):
    # "localhost" is resolved once, checked (allow-listed here) and connected to by address: the server still sees
    # the name in the Host header, so virtual hosts work, and a second lookup (DNS rebinding) never happens
    settings = fast(allow_private=False, allow_hosts=("localhost",))
    files = [str(tmp_path / "u.txt")]
    Path(files[0]).write_text(f"http://localhost:{site.port}/articles/plain.html\n")
    _, store = run(tmp_path, settings, url_files=files)
    assert store.state(f"http://localhost:{site.port}/articles/plain.html")["state"] == "stored"
    assert {h.headers["host"] for h in site.hits} == {f"localhost:{site.port}"}


def test_seed_documents_obey_the_address_policy_too(site, tmp_path):
    report, _ = run(tmp_path, fast(allow_private=False), feeds=[site.url("/feed.xml")])
    assert report.selected == 0 and site.paths() == []
    assert report.problems[0].message.startswith("feed not fetched: 127.0.0.1 resolves to 127.0.0.1, a loopback")


# seeds over HTTP ---------------------------------------------------------------------------------------------------------
def test_sitemap_index_with_gzipped_news_sitemap(site, tmp_path):
    report, store = run(tmp_path, sitemaps=[site.url("/sitemap_index.xml")])
    f = frontier(store, site)
    assert list(f) == ["/articles/etag.html", "/redirect/1", "/articles/plain.html", "/flaky/429"]
    assert f["/articles/etag.html"]["published"] == "2025-06-04T10:00:00+00:00"
    assert f["/articles/etag.html"]["source"] == site.url("/sitemap-news.xml.gz")
    assert report.states == {"stored": 4} and not report.problems


def test_site_discovers_feeds_from_link_alternate_and_sitemaps_from_robots(site, tmp_path):
    report, store = run(tmp_path, sites=[site.url("/")])
    paths = site.paths()
    for doc in ("/feed.xml", "/feed.json", "/sitemap_index.xml", "/sitemap-news.xml.gz", "/sitemap-pages.xml"):
        assert doc in paths
    sources = {r["source"] for r in store.db.query("select source from frontier")}
    assert sources == {site.url(p) for p in ("/feed.xml", "/feed.json", "/sitemap-pages.xml")}
    assert report.seeds == 12  # 10 in the RSS feed, +1 from the JSON Feed, +1 only in the sitemaps


def test_filters_since_match_and_max_pages(site, tmp_path):
    import datetime as dt

    report, store = run(tmp_path, fast(max_pages=3), feeds=[site.url("/feed.xml")], since=dt.datetime(2025, 1, 1),
                        match=r"/articles/")
    assert list(frontier(store, site)) == ["/articles/jsonld.html", "/articles/plain.html", "/articles/tracked.html"]
    assert "/articles/old.html" not in site.paths() and report.selected == 3


def test_real_corpus_pages_are_stored_unchanged(site, tmp_path):
    # real publishers' pages from ../shared/corpus/html when present, served from 127.0.0.1; else our own pages
    pages = sorted(SHARED_CORPUS.glob("html/*.html"))
    paths = [f"/corpus/{p.name}" for p in pages] or ["/articles/jsonld.html", "/articles/plain.html"]
    served = [p.read_bytes() for p in pages] or [site_file(site, "articles/jsonld.html"), site_file(site, "articles/plain.html")]
    _, store = run(tmp_path, url_files=url_list(tmp_path, site, *paths))
    for path, body in zip(paths, served):
        row = page(store, site, path)
        assert row is not None, path
        assert decompress(row["body"]) == body


# politeness -----------------------------------------------------------------------------------------------------------
def gaps(site: SiteServer) -> list[float]:
    times = sorted(h.time for h in site.hits)
    return [b - a for a, b in zip(times, times[1:])]



def test_crawl_delay_from_robots_spaces_requests_to_a_host(tmp_path):
    with SiteServer(crawl_delay=0.3) as site:
        run(tmp_path, fast(randomize_delay=True, concurrency=8, per_host_concurrency=4),
            url_files=url_list(tmp_path, site, *(f"/gen/{i}.html" for i in range(1, 5))))
        assert len(site.hits) == 5  # robots.txt + 4 pages
        assert min(gaps(site)) >= 0.3 - ARRIVAL_JITTER and sum(gaps(site)) >= 4 * 0.3 - ARRIVAL_JITTER, gaps(site)


def test_default_delay_is_one_second(tmp_path):
    settings = CrawlSettings(allow_private=True)
    assert settings.delay == 1.0
    with SiteServer(crawl_delay=None) as site:
        run(tmp_path, settings, url_files=url_list(tmp_path, site, "/gen/1.html", "/gen/2.html"))
        assert len(site.hits) == 3 and min(gaps(site)) >= 1.0 - ARRIVAL_JITTER, gaps(site)
        assert sum(gaps(site)) >= 2.0 - ARRIVAL_JITTER


def test_hosts_are_crawled_in_parallel_but_each_one_request_at_a_time(tmp_path):
    with SiteServer(slow_seconds=0.4) as a, SiteServer(slow_seconds=0.4) as b:
        files = url_list(tmp_path, a, "/slow?i=1", "/slow?i=2")
        Path(files[0]).write_text(Path(files[0]).read_text() + f"{b.url('/slow?i=1')}\n{b.url('/slow?i=2')}\n")
        started = time.monotonic()
        _, store = run(tmp_path, fast(read_timeout=2), url_files=files)
        elapsed = time.monotonic() - started
        assert store.db["pages"].count == 1  # four URLs, one body: the content hash keeps one copy
        for server in (a, b):
            first, second = (h.time for h in server.hits if h.path.startswith("/slow"))
            assert second - first >= 0.39  # per host: the second waited for the first to finish
        assert elapsed < 4 * 0.4  # the two hosts overlapped


def test_global_concurrency_limits_requests_across_hosts(tmp_path):
    with SiteServer(slow_seconds=0.3) as a, SiteServer(slow_seconds=0.3) as b:
        files = [str(tmp_path / "u.txt")]
        Path(files[0]).write_text(f"{a.url('/slow')}\n{b.url('/slow')}\n")
        run(tmp_path, fast(read_timeout=2, concurrency=1), url_files=files)
        (first,), (second,) = ([h.time for h in s.hits if h.path == "/slow"] for s in (a, b))
        assert abs(second - first) >= 0.29  # one request in flight in all: the other host waited


# conditional GET ------------------------------------------------------------------------------------------------------
def test_refresh_uses_etag_and_a_304_keeps_the_stored_body(site, tmp_path):
    files = url_list(tmp_path, site, "/articles/etag.html")
    run(tmp_path, url_files=files)
    first = page(CrawlStore(tmp_path / "crawl.db"), site, "/articles/etag.html")
    assert first["etag"] == '"v1"' and first["last_modified"] == "Wed, 04 Jun 2025 10:00:00 GMT"
    run(tmp_path, url_files=files)  # a plain rerun: finished, so not asked again
    assert len(site.requests_for("/articles/etag.html")) == 1
    report, store = run(tmp_path, fast(refresh=True), url_files=files)
    hits = site.requests_for("/articles/etag.html")
    assert len(hits) == 2 and hits[1].headers["if-none-match"] == '"v1"'
    assert hits[1].headers["if-modified-since"] == "Wed, 04 Jun 2025 10:00:00 GMT"
    second = page(store, site, "/articles/etag.html")
    assert report.states == {"not_modified": 1}
    assert second["body"] == first["body"] and second["fetched_at"] == first["fetched_at"]
    assert second["checked_at"] > first["checked_at"]
    assert store.state(site.url("/articles/etag.html"))["state"] == "not_modified"
    site.etag_version = 2  # the page changes: a refresh now stores the new body in place of the old
    report, store = run(tmp_path, fast(refresh=True), url_files=files)
    third = page(store, site, "/articles/etag.html")
    assert report.states == {"stored": 1} and third["etag"] == '"v2"' and third["fetched_at"] > first["fetched_at"]
    assert b"$1.25 a bushel" in decompress(third["body"]) and store.db["pages"].count == 1


def test_user_agent_names_the_tool_and_a_contact(site, tmp_path):
    run(tmp_path, url_files=url_list(tmp_path, site, "/articles/plain.html"))
    agents = {h.headers["user-agent"] for h in site.hits}
    assert len(agents) == 1 and agents.pop().startswith("newsfacts/") and "(+http" in CrawlSettings().user_agent
