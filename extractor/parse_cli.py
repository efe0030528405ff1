"""`newsfacts parse`: HTML pages (files, folders, or the pages a crawl stored) to articles, one JSON line each."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator, Optional, Union

import click

from extractor.parse import parse_page
from extractor.parse.sources import Problem, RawPage, html_files, stored_pages


def parse_sources(paths, db_path: Optional[Path]) -> Iterator[tuple[str, Union[dict, Problem]]]:
    """(source, JSON Lines row or Problem) for every page: stored pages of `db_path` first, then the files."""
    sources = []
    if db_path is not None:
        sources.append(stored_pages(db_path))
    if paths:
        sources.append(html_files(paths))
    for source in sources:
        for item in source:
            if isinstance(item, Problem):
                yield item.source, item
                continue
            yield item.source, _parse(item)


def _parse(page: RawPage) -> Union[dict, Problem]:
    try:
        parsed = parse_page(page.data, page.article_id, url=page.url, headers=page.headers)
    except (ValueError, TypeError) as e:  # lxml refuses some inputs outright
        return Problem(page.source, f"cannot parse: {e}")
    row = parsed.record()
    # the page's own canonical URL, else the one the crawler stored, else where it was fetched from
    row["url"] = parsed.meta.canonical_url or page.canonical_url or page.url
    if not row["text"].strip():
        return Problem(page.source, "no article text found on the page")
    return row


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, path_type=Path),
              help="write one Article a line here (default: standard output)")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="re-parse the pages a crawl stored in this database's pages table (nothing is fetched)")
@click.option("--quiet", is_flag=True, help="no summary line")
def parse(paths, jsonl_path, db_path, quiet):
    """Parse HTML pages into articles: metadata (title, date, authors, canonical URL, language) and main text.

    PATHS are .html, .htm and .html.gz files and folders of them; an article's id is its file's name without
    extensions. With --db, the pages a crawl stored are parsed again (ids from the crawl). A page that cannot be
    read or has no article text is reported and skipped; the exit code is then 1.

    Example: newsfacts parse pages/ --jsonl articles.jsonl && newsfacts extract articles.jsonl
    """
    if not paths and db_path is None:
        raise click.UsageError("give HTML files or folders, or --db with a crawl's database")
    out = jsonl_path.open("w", encoding="utf-8") if jsonl_path else sys.stdout
    parsed = errors = 0
    try:
        for source, result in parse_sources(paths, db_path):
            if isinstance(result, Problem):
                errors += 1
                click.echo(f"error: {result}", err=True)
                continue
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
            parsed += 1
    finally:
        if jsonl_path:
            out.close()
    if not quiet:
        where = f" to {jsonl_path}" if jsonl_path else ""
        click.echo(f"parsed {parsed} page(s){where}, {errors} error(s)", err=True)
    sys.exit(1 if errors else 0)
