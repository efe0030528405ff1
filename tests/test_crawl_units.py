"""The crawler's pure parts, no server: URL canonicalisation, robots.txt rules, the address policy, page facts
(canonical URL, real encoding), seed documents (feeds, sitemaps, URL lists) and the seed filters."""
from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

from extractor.crawl.crawler import select
from extractor.crawl.page_info import page_canonical, page_encoding
from extractor.crawl.robots import Robots
from extractor.crawl.safety import UnsafeTarget, address_kind, check_target
from extractor.crawl.seeds import Seed, discover_feeds, parse_feed, parse_sitemap, parse_url_list
from extractor.crawl.settings import CrawlSettings
from extractor.crawl.storage import CrawlStore
from extractor.crawl.urls import BadURL, canonical_url

SITE = Path(__file__).resolve().parent / "fixtures" / "site"
SHARED_FEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "feeds"


# urls ------------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("HTTP://Example.COM:80/a?utm_source=x&utm_medium=rss#frag", "http://example.com/a"),
    ("https://example.com:443/news/../world/./trade?b=2&a=1", "https://example.com/world/trade?a=1&b=2"),
    ("https://example.com/a?fbclid=1&gclid=2&id=7", "https://example.com/a?id=7"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com:8443/A/B", "https://example.com:8443/A/B"),
    ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
])
def test_canonical_url(raw, expected):
    assert canonical_url(raw) == expected


def test_canonical_url_resolves_relative_and_refuses_other_schemes():
    assert canonical_url("../b?utm_campaign=z", "https://ex.org/news/a/") == "https://ex.org/news/b"
    with pytest.raises(BadURL, match="not an http or https URL"):
        canonical_url("ftp://ex.org/file")
    with pytest.raises(BadURL, match="no host"):
        canonical_url("http:///path")


# robots ----------------------------------------------------------------------------------------------------------------
ROBOTS = """# comment
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Disallow: /*.pdf$
Allow: /private/open
Crawl-delay: 0.3
Sitemap: https://ex.org/sitemap.xml
"""


def test_robots_rules_for_our_agent():
    rules = Robots.parse(ROBOTS, "newsfacts")
    assert not rules.allowed("https://ex.org/private/x")
    assert rules.allowed("https://ex.org/private/open/y")      # longer Allow wins
    assert not rules.allowed("https://ex.org/report.pdf")
    assert rules.allowed("https://ex.org/report.pdf?download=1")  # $ anchors the end
    assert rules.allowed("https://ex.org/news/a")
    assert rules.crawl_delay == 0.3
    assert rules.sitemaps == ["https://ex.org/sitemap.xml"]
    other = Robots.parse(ROBOTS, "otherbot")
    assert not other.allowed("https://ex.org/news/a")


def test_robots_group_for_our_agent_replaces_the_star_group():
    rules = Robots.parse("User-agent: *\nDisallow: /\n\nUser-agent: Newsfacts\nDisallow: /drafts/\nCrawl-delay: 2",
                         "newsfacts")
    assert rules.allowed("https://ex.org/news") and not rules.allowed("https://ex.org/drafts/1")
    assert rules.crawl_delay == 2.0


def test_unreachable_robots_disallows_everything_but_says_why():
    rules = Robots.unreachable("robots.txt unreadable: HTTP 503 after 3 attempts")
    assert not rules.allowed("https://ex.org/a") and "HTTP 503" in rules.reason
    assert Robots.allow_all().allowed("https://ex.org/a")


# safety ----------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ip, kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"),
    ("172.16.0.1", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("::ffff:127.0.0.1", "loopback"), ("fc00::1", "private"), ("0.0.0.0", "private"), ("100.64.0.1", "shared (carrier NAT)"),
    ("224.0.0.1", "multicast"), ("8.8.8.8", None), ("2606:4700::1111", None),
])
def test_address_kind(ip, kind):
    assert address_kind(ip) == kind


def test_check_target_resolves_names_and_literals():
    with pytest.raises(UnsafeTarget, match=r"localhost resolves to .*a loopback address \(use --allow-private"):
        asyncio.run(check_target("http://localhost:8080/x", allow_private=False))
    with pytest.raises(UnsafeTarget, match="169.254.169.254 resolves to 169.254.169.254, a link-local address"):
        asyncio.run(check_target("http://169.254.169.254/latest/meta-data", allow_private=False))
    with pytest.raises(UnsafeTarget, match="does not resolve"):
        asyncio.run(check_target("http://no-such-host.invalid/", allow_private=False))
    # a public literal needs no lookup and passes; allow_private and allow_hosts lift the check
    asyncio.run(check_target("http://8.8.8.8/", allow_private=False))
    asyncio.run(check_target("http://127.0.0.1/", allow_private=True))
    asyncio.run(check_target("http://127.0.0.1:81/", allow_private=False, allow_hosts=("127.0.0.1",)))


# page facts ------------------------------------------------------------------------------------------------------------
def test_page_canonical_prefers_link_then_og_url_and_strips_tracking():
    link = b'<html><head><link rel="Canonical" href="/story?utm_source=tw"><meta property="og:url" content="/other"></head></html>'
    assert page_canonical(link, "https://ex.org/story?id=1&fbclid=x") == "https://ex.org/story"
    og = b'<html><head><meta property="og:url" content="https://ex.org/og?gclid=1"></head></html>'
    assert page_canonical(og, "https://ex.org/x") == "https://ex.org/og"
    assert page_canonical(b"<html><body>no head</body></html>", "https://ex.org/x?utm_term=a") == "https://ex.org/x"
    home = b'<html><head><link rel="canonical" href="https://ex.org/"></head></html>'
    assert page_canonical(home, "https://ex.org/news/1") == "https://ex.org/news/1"  # a template error, ignored
    assert page_canonical(home, "https://ex.org/?ref=nav") == "https://ex.org/"


def test_page_encoding_trusts_a_declaration_only_when_the_bytes_agree():
    text = (SITE / "articles" / "cp1252.txt").read_text(encoding="utf-8")
    lying = text.encode("cp1252")
    enc = page_encoding(lying, {"content-type": "text/html; charset=utf-8"})
    assert enc == "cp1252" and lying.decode(enc) == text
    assert page_encoding(text.encode("utf-8"), {"content-type": "text/html; charset=utf-8"}) == "utf-8"
    latin = b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>'
    assert page_encoding(latin, {}) == "cp1252"  # as browsers read it (WHATWG)


# seed documents --------------------------------------------------------------------------------------------------------
def test_parse_rss_feed_in_order_with_dates_and_canonical_links():
    body = (SITE / "feed.xml").read_bytes().replace(b"HOST", b"ex.org")
    seeds = parse_feed(body, "http://ex.org/feed.xml")
    assert [s.url for s in seeds][:2] == ["http://ex.org/articles/jsonld.html", "http://ex.org/articles/plain.html"]
    assert len(seeds) == 10
    assert seeds[0].published == "2025-06-03T09:30:00+00:00" and seeds[-1].published == "2024-01-01T07:00:00+00:00"


def test_parse_atom_and_json_feed():
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            b'<entry><title>a</title><link href="https://ex.org/a"/><updated>2025-02-03T04:05:06Z</updated></entry></feed>')
    assert parse_feed(atom, "https://ex.org/atom") == [Seed("https://ex.org/a", "https://ex.org/atom", "2025-02-03T04:05:06+00:00")]
    body = (SITE / "feed.json").read_bytes().replace(b"HOST", b"ex.org")
    seeds = parse_feed(body, "http://ex.org/feed.json")
    assert [(s.url, s.published) for s in seeds] == [("http://ex.org/articles/jsonld.html", "2025-06-03T09:30:00+00:00"),
                                                     ("http://ex.org/articles/etag.html", "2025-06-04T08:00:00+00:00")]
    with pytest.raises(ValueError, match="not a JSON Feed"):
        parse_feed(b'{"title": "no items"}', "x")
    with pytest.raises(ValueError, match="not a readable feed"):
        parse_feed(b"<html><body>not a feed", "x")


def test_parse_sitemaps_index_news_and_gzip():
    index = (SITE / "sitemap_index.xml").read_bytes().replace(b"HOST", b"ex.org")
    assert parse_sitemap(index, "http://ex.org/sitemap_index.xml", 10**6) == (
        [], ["http://ex.org/sitemap-news.xml.gz", "http://ex.org/sitemap-pages.xml"])
    news = gzip.compress((SITE / "sitemap-news.xml").read_bytes().replace(b"HOST", b"ex.org"))
    seeds, children = parse_sitemap(news, "http://ex.org/sitemap-news.xml.gz", 10**6)
    assert children == [] and [(s.url, s.published) for s in seeds] == [
        ("http://ex.org/articles/etag.html", "2025-06-04T10:00:00+00:00"), ("http://ex.org/redirect/1", "2025-06-01T00:00:00+00:00")]
    with pytest.raises(ValueError, match="inflates past 1000 bytes"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 5000 + b"</urlset>"), "x", 1000)
    with pytest.raises(ValueError, match="not a sitemap"):
        parse_sitemap(b"<html><body/></html>", "x", 10**6)


def test_sitemap_parser_never_expands_entities():
    evil = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<urlset><url><loc>http://ex.org/&x;</loc></url></urlset>')
    seeds, _ = parse_sitemap(evil, "http://ex.org/s.xml", 10**6)
    assert all("root:" not in s.url for s in seeds)


def test_discover_feeds_from_link_alternate():
    body = (SITE / "index.html").read_bytes()
    assert discover_feeds(body, "http://ex.org/") == ["http://ex.org/feed.xml", "http://ex.org/feed.json"]


def test_url_list_file(tmp_path):
    f = tmp_path / "urls.txt"
    f.write_text("# list\nhttps://ex.org/a?utm_source=x\n\n  https://ex.org/b  \n")
    assert [s.url for s in parse_url_list(f)] == ["https://ex.org/a", "https://ex.org/b"]
    f.write_text("https://ex.org/a\nmailto:someone@ex.org\n")
    with pytest.raises(ValueError, match=r"urls.txt, line 2: 'mailto:someone@ex.org' is not an http\(s\) URL"):
        parse_url_list(f)


def test_real_feeds_from_the_shared_corpus_parse_one_seed_per_item():
    # the corpus feeds are real publishers' RSS; absent ../shared, our own fixture feed stands in
    feeds = sorted(SHARED_FEEDS.glob("*.xml")) if SHARED_FEEDS.is_dir() else [SITE / "feed.xml"]
    assert feeds
    for path in feeds:
        body = path.read_bytes()
        seeds = parse_feed(body, "http://127.0.0.1/feed")
        items = len(re.findall(rb"<item[\s>]", body))
        assert len(seeds) == len({s.url for s in seeds}) and 0 < len(seeds) <= items, path.name
        assert all(s.url.startswith("http") and "utm_" not in s.url for s in seeds), path.name


# filters and the frontier ----------------------------------------------------------------------------------------------
def test_select_applies_since_match_and_max_pages_in_seed_order():
    seeds = [Seed("http://ex.org/news/1", "f", "2025-06-03T00:00:00+00:00"), Seed("http://ex.org/blog/2", "f", None),
             Seed("http://ex.org/news/3", "f", "2024-01-01T00:00:00+00:00"), Seed("http://ex.org/news/4", "f", None)]
    since = dt.datetime(2025, 1, 1)
    assert [s.url[-6:] for s in select(seeds, since=since)] == ["news/1", "blog/2", "news/4"]
    assert [s.url[-6:] for s in select(seeds, match=r"/news/")] == ["news/1", "news/3", "news/4"]
    assert [s.url[-6:] for s in select(seeds, since=since, match="/news/", max_pages=1)] == ["news/1"]
    assert select(seeds, max_pages=0) == []


def test_frontier_admits_once_and_keeps_finished_urls_finished(tmp_path):
    store = CrawlStore(tmp_path / "c.db")
    assert store.admit([("http://ex.org/a", "feed", None), ("http://ex.org/b", "feed", None)]) == [
        "http://ex.org/a", "http://ex.org/b"]
    store.mark("http://ex.org/a", "refused", "forbidden by robots.txt")
    store.mark("http://ex.org/b", "failed", "read timeout after 3 attempts")
    store.admit([("http://ex.org/a", "other feed", None)])  # known: not reset to pending
    assert store.state("http://ex.org/a")["state"] == "refused"
    assert store.to_fetch(["http://ex.org/a", "http://ex.org/b"]) == ["http://ex.org/b"]  # failed ones are retried
    assert CrawlSettings().delay == 1.0 and CrawlSettings().max_body_bytes == 10 * 1024 * 1024


@pytest.mark.parametrize("module", ["urls", "robots", "safety", "page_info", "seeds", "settings", "storage", "fetch",
                                    "crawler", "__init__"])
def test_docstring_examples_hold(module):
    import doctest
    import importlib

    mod = importlib.import_module("extractor.crawl" if module == "__init__" else f"extractor.crawl.{module}")
    result = doctest.testmod(mod)
    assert result.attempted > 0 and result.failed == 0
