"""`newsfacts crawl`: build CrawlSettings from the options, run the crawl with a progress bar, print a summary."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click

from extractor.crawl.settings import (CONCURRENT_REQUESTS, CONNECT_TIMEOUT, DOWNLOAD_DELAY, MAX_BODY_BYTES, READ_TIMEOUT,
                                      RETRY_TIMES, CrawlSettings, user_agent)


def _since(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 datetime") from None


def _regex(ctx, param, value):
    if value is None:
        return None
    try:
        re.compile(value)
    except re.error as e:
        raise click.BadParameter(f"{value!r} is not a regular expression: {e}") from None
    return value


@click.command()
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="RSS, Atom or JSON Feed to take article links from.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="Sitemap, sitemap index or news sitemap (.xml or .xml.gz).")
@click.option("--urls", "url_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="File with one URL a line (# comments allowed).")
@click.option("--site", "sites", multiple=True, metavar="URL",
              help="Site home page: crawl the feeds it links and the sitemaps its robots.txt lists.")
@click.option("--since", callback=_since, metavar="DATE", help="Only items published on or after DATE (undated kept).")
@click.option("--max-pages", type=click.IntRange(min=0), help="Take only the first N seed URLs that pass the filters.")
@click.option("--match", callback=_regex, metavar="REGEX", help="Only URLs matching REGEX (searched anywhere).")
@click.option("--db", "db_path", default="newsfacts.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite database (pages and frontier tables; shared with extract).")
@click.option("--delay", type=click.FloatRange(min=0), default=DOWNLOAD_DELAY, show_default=True,
              help="Seconds between requests to one host (a longer robots.txt Crawl-delay wins).")
@click.option("--concurrency", type=click.IntRange(min=1), default=CONCURRENT_REQUESTS, show_default=True,
              help="Requests in flight in all.")
@click.option("--max-size", "max_body_bytes", type=click.IntRange(min=1), default=MAX_BODY_BYTES, show_default=True,
              help="Largest body in bytes (decoded); larger pages are refused.")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=READ_TIMEOUT, show_default=True,
              help=f"Read timeout in seconds (connect timeout {CONNECT_TIMEOUT:g} s).")
@click.option("--retries", type=click.IntRange(min=0), default=RETRY_TIMES, show_default=True,
              help="Retries on connection errors, timeouts, 429 and 5xx.")
@click.option("--contact", metavar="EMAIL|URL", help="Your contact, added to the User-Agent for site owners.")
@click.option("--refresh", is_flag=True, help="Re-check stored pages with a conditional GET (ETag/Last-Modified).")
@click.option("--allow-private", is_flag=True,
              help="Allow loopback, private and link-local addresses (refused by default: a page must not steer "
                   "the crawler into your network).")
@click.option("--extract", "run_extract", is_flag=True, help="Parse and extract the pages this run stored.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
def crawl(feeds, sitemaps, url_files, sites, since, max_pages, match, db_path, delay, concurrency, max_body_bytes,
          timeout, retries, contact, refresh, allow_private, run_extract, progress):
    """Crawl news pages politely into the database, resuming where an earlier run stopped.

    Pages are stored raw (compressed) in the `pages` table; every URL's fate (stored, not_modified, duplicate,
    refused, failed) and its reason are in the `frontier` table. Running the same command again fetches only
    what is not done yet.

    Example: newsfacts crawl --feed https://example.com/rss.xml --since 2025-01-01 --max-pages 50 --extract
    """
    from tqdm import tqdm

    from extractor.crawl.crawler import crawl as run_crawl
    from extractor.crawl.crawler import extract_new_pages

    if not (feeds or sitemaps or url_files or sites):
        raise click.UsageError("Nothing to crawl: give at least one of --feed, --sitemap, --urls or --site.")
    folder = Path(db_path).resolve().parent
    if not folder.is_dir():
        raise click.UsageError(f"--db {db_path}: the folder {folder} does not exist; create it first.")
    settings = CrawlSettings(delay=delay, concurrency=concurrency, max_body_bytes=max_body_bytes,
                             read_timeout=timeout, retry_times=retries, refresh=refresh, allow_private=allow_private,
                             max_pages=max_pages, user_agent=user_agent(contact))
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=0, unit="page", disable=not show, file=sys.stderr, dynamic_ncols=True)

    def selected(n):
        bar.total = n
        bar.refresh()

    def done(url, state, reason):
        bar.update(1)
        bar.set_postfix_str(state, refresh=False)

    try:
        report = run_crawl(settings, db_path=db_path, feeds=feeds, sitemaps=sitemaps, url_files=url_files,
                           sites=sites, since=since, match=match, on_selected=selected, on_result=done)
    except ValueError as e:  # a bad --urls file
        raise click.ClickException(str(e)) from None
    finally:
        bar.close()
    click.echo(report.summary())
    if run_extract:
        result = extract_new_pages(db_path, report.run_started,
                                   on_problem=lambda p: click.echo(f"problem: {p}", err=True))
        click.echo(result.table())
    if report.problems and not report.selected:
        sys.exit(1)
