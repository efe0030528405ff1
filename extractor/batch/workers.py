"""Worker side of a batch: a chunk of items in, the rows to store out.

Every worker process builds one Extractor when it starts (spaCy and the patterns load once per process, not per
chunk) and runs whole chunks through `Extractor.pipe`. The result of a chunk is plain rows, already shaped like the
store's tables, so the single writer only executes SQL. `local_results` runs chunks on a process pool with a
bounded number in flight (memory stays flat however long the input) and hands results back in input order (the
checkpoint of a file only ever moves over a stored prefix).

Example:
    >>> from extractor.extract import Extractor
    >>> res = extract_chunk(Extractor(mode="fast"), [Item("a.txt", 1, Article(id="a", text="Exports rose 5%."))], 1)
    >>> res.positions, len(res.records["figures"])  # doctest: +SKIP
    ({'a.txt': 1}, 1)
"""
from __future__ import annotations

import collections
import concurrent.futures as cf
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from extractor import __version__
from extractor.batch.settings import BatchSettings
from extractor.batch.sources import Item
from extractor.conventions import Conventions
from extractor.inputs import InputProblem
from extractor.models import Article
from extractor.store import RECORD_KIND, article_rows


@dataclass
class ChunkResult:
    """What one chunk stores: rows per table, errors, and the last position of each file it covers."""

    articles: list[dict] = field(default_factory=list)
    records: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in RECORD_KIND})
    errors: list[dict] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    items: int = 0

    def add_article(self, row: dict, records: dict[str, list[dict]]) -> None:
        # the same id twice in one chunk: the later article wins, as with two save_article calls in a row
        if any(r["id"] == row["id"] for r in self.articles):
            self.articles = [r for r in self.articles if r["id"] != row["id"]]
            for table in self.records:
                self.records[table] = [r for r in self.records[table] if r["article_id"] != row["id"]]
        self.articles.append(row)
        for table, rows in records.items():
            self.records[table].extend(rows)

    def count(self, table: str) -> int:
        return len(self.articles) if table == "articles" else len(self.errors) if table == "errors" \
            else len(self.records[table])


def extract_chunk(extractor, items: Iterable[Item], run_id: Optional[int]) -> ChunkResult:
    """Extract a chunk; an item that fails becomes an error row and the others go on."""
    out = ChunkResult()
    # the versions the extractor loaded (not re-hashed per chunk: the patterns it applies are those it loaded)
    versions = {"extractor_version": __version__, "patterns_version": extractor.provenance["patterns_version"]}
    loaded: list[tuple[Item, Article]] = []
    for item in items:
        out.items += 1
        if item.position:
            out.positions[item.source] = max(item.position, out.positions.get(item.source, 0))
        try:
            got = item.load()
        except Exception as e:  # noqa: BLE001  a page the parser chokes on is one error, not a lost chunk
            got = InputProblem(item.source, f"cannot parse: {type(e).__name__}: {e}", item.position or None)
        if isinstance(got, InputProblem):
            out.errors.append(_error(item, got.message, None, got.line))
        else:
            loaded.append((item, got))
    for (item, article), result in zip(loaded, _extract_all(extractor, [a for _, a in loaded])):
        if isinstance(result, Article):
            out.add_article(*article_rows(result, run_id, item.source, versions))
        else:
            out.errors.append(_error(item, result, article.id))
    return out


def _error(item: Item, message: str, article_id: Optional[str], line: Optional[int] = None) -> dict:
    return {"source": item.source, "line": line or item.position or None, "article_id": article_id,
            "message": message}


def _extract_all(extractor, articles: list[Article]) -> list[Article | str]:
    """Extracted articles, or for each one that fails the message to record. The whole list goes through
    nlp.pipe (fast); only when that fails is the list redone one by one to find and isolate the bad article."""
    if not articles:
        return []
    try:
        return list(extractor.pipe(articles, batch_size=len(articles)))
    except Exception:  # noqa: BLE001  which article failed is found below, one at a time
        pass
    results: list[Article | str] = []
    for article in articles:
        try:
            results.append(extractor.extract(article))
        except Exception as e:  # noqa: BLE001  one bad article never stops a batch: its error is recorded
            results.append(f"article {article.id}: {type(e).__name__}: {e}" if article.id not in str(e)
                           else str(e))
    return results


# Dask's nannies start their workers with this seed (distributed's nanny environ): the local engine uses it too,
# so both engines store the same records
WORKER_HASH_SEED = "6640"

# the process pool -----------------------------------------------------------------------------------------------
_EXTRACTOR = None
WARM_UP_TEXT = "Exports rose 5% in May, Ann Lee, an analyst at Example Bank, said on Monday."


def init_worker(mode: str, conventions: Optional[Conventions] = None) -> None:
    """Runs once in each worker process: build its Extractor, and exit when the parent is gone (after kill -9
    of the batch nothing may keep running)."""
    global _EXTRACTOR
    from extractor.extract import Extractor
    _EXTRACTOR = Extractor(mode=mode, conventions=conventions)
    # loads what the pipeline loads lazily (the statistical model on the first quote cue) now, not mid-run
    _EXTRACTOR.extract_text(WARM_UP_TEXT)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def worker_chunk(items: list[Item], run_id: Optional[int]) -> ChunkResult:
    return extract_chunk(_EXTRACTOR, items, run_id)


def local_results(chunks: Iterable[list[Item]], settings: BatchSettings, run_id: Optional[int]
                  ) -> Iterator[ChunkResult]:
    """ChunkResults in input order, computed by `settings.workers` processes (0: in this process)."""
    if settings.workers == 0:
        from extractor.extract import Extractor
        extractor = Extractor(mode=settings.mode, conventions=settings.conventions)
        for chunk in chunks:
            yield extract_chunk(extractor, chunk, run_id)
        return
    # spawn, not fork: the writer may hold threads (tqdm, SQLite) that a fork would copy mid-state
    ctx = multiprocessing.get_context("spawn")
    window = settings.workers * settings.window_per_worker
    pool = cf.ProcessPoolExecutor(settings.workers, mp_context=ctx, initializer=init_worker,
                                  initargs=(settings.mode, settings.conventions))
    pending: collections.deque[cf.Future] = collections.deque()
    # one hash seed for every worker of every run: an article then gets the same records whichever process
    # extracts it (any rule that iterates a set of strings would otherwise vary between processes)
    seed_before = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = WORKER_HASH_SEED
    try:
        for chunk in chunks:
            pending.append(pool.submit(worker_chunk, chunk, run_id))
            while len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if seed_before is None:
            os.environ.pop("PYTHONHASHSEED", None)
        else:
            os.environ["PYTHONHASHSEED"] = seed_before
