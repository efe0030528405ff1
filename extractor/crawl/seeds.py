"""Where the URLs to crawl come from: feeds (RSS, Atom with feedparser; JSON Feed), sitemaps (indexes, news
sitemaps, .xml.gz), URL list files, and a site's own announcements (`<link rel=alternate>` feeds on its home
page, `Sitemap:` lines in its robots.txt). Seed documents are fetched through the same polite Fetcher as pages.

Each seed is a `Seed(url, source, published)`; a seed document that cannot be read is a `SeedProblem` and never
stops the others.

Example:
    >>> parse_feed(b'<rss><channel><item><link>http://ex.org/a?utm_medium=rss</link>'
    ...            b'<pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate></item></channel></rss>', "http://ex.org/feed")
    [Seed(url='http://ex.org/a', source='http://ex.org/feed', published='2025-06-03T10:00:00+00:00')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import feedparser
import lxml.etree
import lxml.html

from extractor.crawl.fetch import Fetcher
from extractor.crawl.urls import try_canonical

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
              "application/rdf+xml", "text/xml", "application/xml")


@dataclass(frozen=True)
class Seed:
    url: str
    source: str
    published: Optional[str] = None  # ISO 8601, UTC, when the seed document gives a date


@dataclass(frozen=True)
class SeedProblem:
    source: str
    message: str


# parsing (no network) -------------------------------------------------------------------------------------------------
def parse_feed(body: bytes, source: str) -> list[Seed]:
    """The item links of an RSS, Atom or JSON Feed document, in feed order."""
    if body.lstrip()[:1] == b"{":
        return _parse_json_feed(body, source)
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a readable feed ({parsed.get('bozo_exception')})")
    seeds = []
    for entry in parsed.entries:
        url = try_canonical(entry.get("link"), source)
        if url:
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            seeds.append(Seed(url, source, _iso(dt.datetime.fromtimestamp(calendar.timegm(when), dt.timezone.utc))
                              if when else None))
    return seeds


def _parse_json_feed(body: bytes, source: str) -> list[Seed]:
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as e:
        raise ValueError(f"not a readable JSON Feed ({e})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise ValueError("not a JSON Feed (no items list)")
    seeds = []
    for item in doc["items"]:
        url = try_canonical(item.get("url") or item.get("external_url"), source) if isinstance(item, dict) else None
        if url:
            seeds.append(Seed(url, source, _parse_date(item.get("date_published") or item.get("date_modified"))))
    return seeds


def parse_sitemap(body: bytes, source: str, max_bytes: int) -> tuple[list[Seed], list[str]]:
    """(page seeds, child sitemaps) of a sitemap or sitemap index, gzipped or not."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_bytes)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = lxml.etree.fromstring(body, parser)
    except lxml.etree.XMLSyntaxError as e:
        raise ValueError(f"not a readable sitemap ({e})") from None
    if root is None:
        raise ValueError("not a readable sitemap (empty document)")
    kind = lxml.etree.QName(root).localname
    if kind == "sitemapindex":
        children = [try_canonical(loc, source) for loc in root.xpath("./*[local-name()='sitemap']/*[local-name()='loc']/text()")]
        return [], [c for c in children if c]
    if kind != "urlset":
        raise ValueError(f"not a sitemap (root element <{kind}>)")
    seeds = []
    for node in root.xpath("./*[local-name()='url']"):
        loc = node.xpath("./*[local-name()='loc']/text()")
        url = try_canonical(loc[0], source) if loc else None
        if not url:
            continue
        # a news sitemap's publication date is the article's; lastmod may be a later edit
        dates = node.xpath(".//*[local-name()='publication_date']/text()") or node.xpath("./*[local-name()='lastmod']/text()")
        seeds.append(Seed(url, source, _parse_date(dates[0]) if dates else None))
    return seeds, []


def parse_url_list(path: str | Path) -> list[Seed]:
    """One URL a line; blank lines and `#` comments skipped. Raises ValueError naming the first bad line."""
    seeds = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url = try_canonical(line)
        if not url:
            raise ValueError(f"{path}, line {n}: {line!r} is not an http(s) URL")
        seeds.append(Seed(url, str(path)))
    return seeds


def discover_feeds(body: bytes, base: str) -> list[str]:
    """Feed URLs a home page announces with <link rel="alternate" type="application/rss+xml" ...>."""
    try:
        doc = lxml.html.document_fromstring(body)
    except (ValueError, lxml.etree.ParserError):
        return []
    found = []
    for link in doc.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and (link.get("type") or "").lower().split(";")[0].strip() in FEED_TYPES:
            url = try_canonical(link.get("href"), base)
            if url and url not in found:
                found.append(url)
    return found


# reading with the network ---------------------------------------------------------------------------------------------
async def read_feed(fetcher: Fetcher, url: str) -> list[Seed]:
    got = await fetcher.fetch(url, kind="feed")
    if got.outcome != "ok":
        raise ValueError(f"feed not fetched: {got.reason}")
    return parse_feed(got.body or b"", url)


async def read_sitemap(fetcher: Fetcher, url: str, problems: list[SeedProblem], depth: int = 0,
                       seen: Optional[set[str]] = None) -> list[Seed]:
    """Every page of a sitemap, following an index down to `max_sitemap_depth` levels; problems are collected."""
    seen = set() if seen is None else seen
    if url in seen:
        return []
    seen.add(url)
    got = await fetcher.fetch(url, kind="sitemap")
    if got.outcome != "ok":
        problems.append(SeedProblem(url, f"sitemap not fetched: {got.reason}"))
        return []
    try:
        seeds, children = parse_sitemap(got.body or b"", url, fetcher.settings.max_body_bytes)
    except ValueError as e:
        problems.append(SeedProblem(url, str(e)))
        return []
    for child in children:
        if depth + 1 > fetcher.settings.max_sitemap_depth:
            problems.append(SeedProblem(child, f"sitemap index nested deeper than {fetcher.settings.max_sitemap_depth}"))
            continue
        seeds += await read_sitemap(fetcher, child, problems, depth + 1, seen)
    return seeds


async def discover_site(fetcher: Fetcher, url: str) -> tuple[list[str], list[str]]:
    """(feeds, sitemaps) a site announces: feeds linked from its home page, sitemaps in its robots.txt."""
    home = await fetcher.fetch(url, kind="page")
    feeds = discover_feeds(home.body or b"", home.final_url or url) if home.outcome == "ok" else []
    robots = await fetcher.robots(url)
    sitemaps = [s for s in (try_canonical(s, url) for s in robots.sitemaps) if s]
    return feeds, sitemaps


async def collect(fetcher: Fetcher, *, feeds=(), sitemaps=(), url_files=(), sites=()) -> tuple[list[Seed], list[SeedProblem]]:
    """All seeds of one crawl, in the order given (sites, feeds, sitemaps, then URL files), first mention kept."""
    problems: list[SeedProblem] = []
    feeds, sitemaps = list(feeds), list(sitemaps)
    for site in sites:
        found_feeds, found_sitemaps = await discover_site(fetcher, site)
        if not found_feeds and not found_sitemaps:
            problems.append(SeedProblem(site, "no feed linked from the home page and no Sitemap: in robots.txt"))
        feeds += found_feeds
        sitemaps += found_sitemaps
    seeds: list[Seed] = []
    for feed in feeds:
        try:
            seeds += await read_feed(fetcher, feed)
        except ValueError as e:
            problems.append(SeedProblem(feed, str(e)))
    for sitemap in sitemaps:
        seeds += await read_sitemap(fetcher, sitemap, problems)
    for path in url_files:
        seeds += parse_url_list(path)
    unique: dict[str, Seed] = {}
    for seed in seeds:
        unique.setdefault(seed.url, seed)
    return list(unique.values()), problems


# helpers -----------------------------------------------------------------------------------------------------------
def _gunzip(body: bytes, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as e:
        raise ValueError(f"broken gzip ({e})") from None
    if len(out) > max_bytes:
        raise ValueError(f"gzipped sitemap inflates past {max_bytes} bytes")
    return out


def _parse_date(value) -> Optional[str]:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = feedparser._parse_date(value)  # RFC 822 and the other forms feeds use
        if not parsed:
            return None
        when = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)
    return _iso(when)


def _iso(when: dt.datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
