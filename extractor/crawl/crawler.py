"""One crawl: collect seeds, choose the URLs (filters, --max-pages), admit them to the frontier, fetch what is not
yet done, and store each result as it arrives.

Running the same crawl again resumes it: URLs already finished are not requested again, pending and failed ones
are. `--max-pages N` takes the first N seed URLs that pass the filters, whether new or already done, so a rerun
of a killed crawl selects the same URLs and finishes exactly those.

Example:
    >>> report = crawl(CrawlSettings(delay=0), db_path=":memory:")
    >>> report.selected, dict(report.states)
    (0, {})
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from extractor.crawl.fetch import Fetcher
from extractor.crawl.seeds import Seed, SeedProblem, collect
from extractor.crawl.settings import CrawlSettings
from extractor.crawl.storage import CrawlStore, _now

MAX_LIVE_TASKS = 1000  # URLs waiting for a slot at once: keeps memory flat on a large frontier


@dataclass
class CrawlReport:
    run_started: str
    seeds: int = 0                 # distinct URLs the seeds listed
    selected: int = 0              # of those, passing --since/--match and within --max-pages
    requested: int = 0             # URLs this run asked for (the rest were already done)
    states: Counter = field(default_factory=Counter)   # what became of the requested URLs
    reasons: Counter = field(default_factory=Counter)  # "refused: forbidden by robots.txt" -> count
    problems: list[SeedProblem] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)    # the fetcher's counters (retries by reason, ...)

    def summary(self) -> str:
        lines = [f"seeds {self.seeds}, selected {self.selected}, requested {self.requested}: "
                 + ", ".join(f"{k} {v}" for k, v in sorted(self.states.items())) if self.states else
                 f"seeds {self.seeds}, selected {self.selected}, requested {self.requested}"]
        lines += [f"  {n} x {why}" for why, n in self.reasons.most_common()]
        lines += [f"  retried {n} x {key.split('/', 1)[1]}" for key, n in sorted(self.stats.items())
                  if key.startswith("retry/")]
        lines += [f"  seed problem: {p.source}: {p.message}" for p in self.problems]
        return "\n".join(lines)


def select(seeds: Iterable[Seed], *, since: Optional[dt.datetime] = None, match: Optional[str] = None,
           max_pages: Optional[int] = None) -> list[Seed]:
    """The seeds a crawl takes: published on or after `since` (undated ones kept), URL matching `match`, first N."""
    rx = re.compile(match) if match else None
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.timezone.utc)
    chosen = []
    for seed in seeds:
        if max_pages is not None and len(chosen) >= max_pages:
            break
        if rx and not rx.search(seed.url):
            continue
        if since and seed.published and dt.datetime.fromisoformat(seed.published) < since:
            continue
        chosen.append(seed)
    return chosen


async def crawl_async(settings: CrawlSettings, *, db_path: str | Path, feeds=(), sitemaps=(), url_files=(), sites=(),
                      since: Optional[dt.datetime] = None, match: Optional[str] = None,
                      on_selected: Callable[[int], None] = lambda n: None,
                      on_result: Callable[[str, str, str], None] = lambda url, state, reason: None) -> CrawlReport:
    store = CrawlStore(db_path)
    report = CrawlReport(run_started=_now())
    async with Fetcher(settings) as fetcher:
        seeds, report.problems = await collect(fetcher, feeds=feeds, sitemaps=sitemaps, url_files=url_files,
                                               sites=sites)
        report.seeds = len(seeds)
        chosen = select(seeds, since=since, match=match, max_pages=settings.max_pages)
        report.selected = len(chosen)
        urls = store.admit((s.url, s.source, s.published) for s in chosen)
        todo = store.to_fetch(urls, refresh=settings.refresh)
        report.requested = len(todo)
        on_selected(len(todo))
        live = asyncio.Semaphore(MAX_LIVE_TASKS)

        async def one(url: str) -> None:
            try:
                etag, modified = store.validators(url) if settings.refresh else (None, None)
                got = await fetcher.fetch(url, etag=etag, last_modified=modified, known=store.known_copy)
                state, reason = store.save(got, report.run_started)
                report.states[state] += 1
                if reason and state not in ("stored", "not_modified"):
                    report.reasons[f"{state}: {reason.split(' (')[0]}"] += 1
                on_result(url, state, reason)
            finally:
                live.release()

        tasks = []
        for url in todo:
            await live.acquire()
            tasks.append(asyncio.create_task(one(url)))
        await asyncio.gather(*tasks)
        report.stats = fetcher.stats
    return report


def crawl(settings: CrawlSettings, *, db_path: str | Path, **kwargs) -> CrawlReport:
    """Run one crawl to the end (see `crawl_async` for the arguments)."""
    return asyncio.run(crawl_async(settings, db_path=db_path, **kwargs))


def extract_new_pages(db_path: str | Path, run_started: str, *, on_problem=lambda p: None):
    """Parse the pages one crawl run stored, and any stored page not extracted yet (a killed run's), and extract
    their records into the same database."""
    from extractor.inputs import InputProblem
    from extractor.parse import parse_html
    from extractor.run import extract_articles

    store = CrawlStore(db_path)

    def items():
        for page in store.pages(run_started=run_started, unextracted=True):
            try:
                yield page.url, parse_html(page.body, article_id=page.article_id, url=page.canonical_url,
                                           headers=page.headers)
            except ValueError as e:  # one unparseable page never stops the rest
                yield page.url, InputProblem(page.url, f"could not parse the page: {e}")

    return extract_articles(items(), db_path=db_path, command="crawl", inputs=[f"crawl {run_started}"],
                            on_problem=on_problem)
