"""The crawl stage: seeds -> polite fetching -> raw pages in SQLite, resumable and deduplicated.

Modules, in the order a URL meets them:
    settings   named defaults (delay, timeouts, retries, size cap, ...) and the CrawlSettings object
    seeds      feeds, sitemaps, URL lists and site discovery -> Seed(url, source, published)
    urls       canonical URLs (tracking parameters stripped): the key of the frontier and the dedupe
    safety     the address policy (no loopback/private/link-local targets unless allowed)
    robots     robots.txt rules (RFC 9309) with Crawl-delay
    fetch      the Fetcher: politeness, retries, redirects, streaming caps, conditional GET
    page_info  canonical URL and real encoding of a fetched page
    storage    the `frontier` and `pages` tables
    crawler    one crawl run, start to finish (and --extract)
    cli        the `newsfacts crawl` command

Example:
    >>> from extractor.crawl import CrawlSettings, crawl
    >>> crawl(CrawlSettings(), db_path=":memory:").requested
    0
"""
import importlib

# name -> module; imported on first use, so `newsfacts crawl --help` does not load httpx, lxml and sqlite-utils
_EXPORTS = {"CrawlReport": "crawler", "crawl": "crawler", "crawl_async": "crawler", "extract_new_pages": "crawler",
            "Fetched": "fetch", "Fetcher": "fetch", "CrawlSettings": "settings", "CrawlStore": "storage",
            "StoredPage": "storage"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"extractor.crawl.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'extractor.crawl' has no attribute {name!r}")
