"""One batch run: stream the inputs from their checkpoints, extract chunks on an engine, write them in order.

Example:
    >>> result = run_batch(["dump.warc.gz"], db_path="news.db", settings=BatchSettings(workers=2))  # doctest: +SKIP
    >>> result.articles  # doctest: +SKIP
    1200
"""
from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from extractor.batch import checkpoint
from extractor.batch.settings import BatchSettings
from extractor.batch.sources import Item, expand, iter_items
from extractor.batch.workers import ChunkResult, local_results
from extractor.batch.writer import ChunkWriter
from extractor.store import RECORD_KIND, Store


@dataclass
class BatchResult:
    run_id: Optional[int] = None
    items: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("articles", *RECORD_KIND, "errors"), 0))
    seconds: float = 0.0
    status: str = "running"
    totals: dict = field(default_factory=dict)

    @property
    def articles(self) -> int:
        return self.counts["articles"]

    @property
    def errors(self) -> int:
        return self.counts["errors"]

    def add(self, chunk: ChunkResult) -> None:
        self.items += chunk.items
        for table in self.counts:
            self.counts[table] += chunk.count(table)

    def table(self) -> str:
        rows = [("", "this run", "in database")]
        rows += [(name, str(n), str(self.totals.get(name, ""))) for name, n in self.counts.items()]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        lines = [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows]
        rate = self.articles / self.seconds if self.seconds else 0.0
        return "\n".join(lines + [f"{self.articles} articles in {self.seconds:.1f} s ({rate:.1f} articles/s)"])


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_batch(paths: Iterable[Union[str, Path]], *, db_path: Union[str, Path], settings: BatchSettings = None,
              on_chunk: Callable[[ChunkResult], None] = lambda c: None,
              on_problem: Callable[[dict], None] = lambda e: None) -> BatchResult:
    """Extract every article of the inputs into the database, resuming after whatever earlier runs stored."""
    settings = settings or BatchSettings()
    paths = [str(p) for p in paths]
    store = Store(db_path)
    checkpoint.ensure(store.db)
    if settings.restart:
        checkpoint.forget(store.db, (str(p) for p in expand(paths) if isinstance(p, Path)))
    # a run of the same inputs still marked running was killed (this one resumes it): say so in its row
    store.db.execute("update runs set status = 'interrupted' where command = 'batch' and status = 'running' "
                     "and inputs = ?", [json.dumps(paths)])
    result = BatchResult(run_id=store.start_run("batch", paths, mode=settings.mode,
                                                    options=settings.conventions.model_dump()))
    writer = ChunkWriter(store, result.run_id)
    items = iter_items(paths, lambda source: checkpoint.position(store.db, source))
    if settings.limit:
        items = itertools.islice(items, settings.limit)
    chunks = chunked(items, settings.chunk_size)
    if settings.engine == "dask":
        from extractor.batch.dask_engine import dask_results
        results = dask_results(chunks, settings, result.run_id, db_path=db_path)
    else:
        results = local_results(chunks, settings, result.run_id)
    start = time.perf_counter()
    try:
        for chunk in results:
            writer.write(chunk)
            result.add(chunk)
            for err in chunk.errors:
                on_problem(err)
            on_chunk(chunk)
        result.status = "done with errors" if result.errors else "done"
    except BaseException:
        result.status = "interrupted"
        raise
    finally:
        result.seconds = time.perf_counter() - start
        results.close()  # stops the workers before the run is marked finished
        store.finish_run(result.run_id, result.status)
        result.totals = store.counts()
    return result
