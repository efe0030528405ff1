"""`--engine dask`: chunks go to a Dask cluster, workers write Parquet shards, the driver merges them into SQLite.

Each task extracts one chunk on a Dask worker (the worker process keeps one Extractor per mode between tasks)
and writes the chunk's rows as Parquet files under `shard_dir/<chunk>/` (a local folder, or any URL pyarrow opens:
s3://, gs://, hdfs://, so that a cluster without a shared disk can still hand shards back). The driver keeps a
bounded number of tasks in flight, reads the shards back in input order and stores each one with the same
single-transaction writer as the local engine (records, errors and checkpoints together), then deletes it.
Merging is idempotent: a shard merged twice (driver killed between commit and delete) stores the same rows.

Example:
    >>> settings = BatchSettings(engine="dask", workers=2)               # a LocalCluster of 2 workers
    >>> run_batch(["news.jsonl.zst"], db_path="news.db", settings=settings)  # doctest: +SKIP
"""
from __future__ import annotations

import collections
import contextlib
import functools
import json
import uuid
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extractor.batch.settings import BatchSettings
from extractor.batch.sources import Item
from extractor.conventions import Conventions
from extractor.batch.workers import ChunkResult, extract_chunk
from extractor.store import RECORD_KIND

SHARD_TABLES = ("articles", *RECORD_KIND, "errors")


@functools.lru_cache(maxsize=2)
def _extractor(mode: str, conventions: Optional[Conventions] = None):
    # lives as long as the Dask worker process: spaCy and the patterns load once, not per task (Conventions is a
    # frozen model: hashable, so a cache key)
    from extractor.extract import Extractor
    return Extractor(mode=mode, conventions=conventions)


def _filesystem(uri: str):
    import pyarrow.fs
    if "://" not in uri:
        uri = str(Path(uri).resolve())
    return pyarrow.fs.FileSystem.from_uri(uri)


def shard_chunk(items: list[Item], run_id: Optional[int], mode: str, shard_root: str,
                conventions: Optional[Conventions] = None) -> str:
    """Runs on a Dask worker: extract a chunk and write its rows as Parquet; returns the shard's folder."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    result = extract_chunk(_extractor(mode, conventions), items, run_id)
    fs, root = _filesystem(shard_root)
    folder = f"{root}/chunk-{uuid.uuid4().hex}"
    fs.create_dir(folder)
    tables = {"articles": result.articles, **result.records, "errors": result.errors}
    for name, rows in tables.items():
        if rows:
            pq.write_table(pa.Table.from_pylist(rows), f"{folder}/{name}.parquet", filesystem=fs)
    # written last: a shard without it is incomplete and never merged
    with fs.open_output_stream(f"{folder}/chunk.json") as out:
        out.write(json.dumps({"positions": result.positions, "items": result.items}).encode())
    return folder


def read_shard(shard_root: str, folder: str) -> ChunkResult:
    """A shard's rows back as the ChunkResult the writer stores."""
    import pyarrow.parquet as pq

    fs, _ = _filesystem(shard_root)
    with fs.open_input_stream(f"{folder}/chunk.json") as fh:
        meta = json.loads(fh.read())
    names = {info.base_name for info in fs.get_file_info(_selector(folder))}
    rows = {t: pq.read_table(f"{folder}/{t}.parquet", filesystem=fs).to_pylist() if f"{t}.parquet" in names
            else [] for t in SHARD_TABLES}
    return ChunkResult(articles=rows["articles"], records={t: rows[t] for t in RECORD_KIND},
                       errors=rows["errors"], positions=meta["positions"], items=meta["items"])


def _selector(folder: str):
    import pyarrow.fs
    return pyarrow.fs.FileSelector(folder, allow_not_found=True)


@contextlib.contextmanager
def _client(settings: BatchSettings):
    from distributed import Client, LocalCluster

    if settings.scheduler:
        with Client(settings.scheduler) as client:
            yield client
        return
    # the nannies give their workers PYTHONHASHSEED=6640, the seed the local engine's workers use too
    cluster = LocalCluster(n_workers=max(1, settings.workers), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    with cluster, Client(cluster) as client:
        yield client


def default_shard_dir(db_path) -> str:
    return f"{Path(db_path).resolve()}.shards"


def dask_results(chunks: Iterable[list[Item]], settings: BatchSettings, run_id: Optional[int], *, db_path
                 ) -> Iterator[ChunkResult]:
    """ChunkResults in input order, each extracted on the cluster and read back from its Parquet shard."""
    shard_root = settings.shard_dir or default_shard_dir(db_path)
    fs, root = _filesystem(shard_root)
    # shards left by a killed driver were either merged or will be redone from the checkpoints: never reused
    fs.create_dir(root)
    fs.delete_dir_contents(root, missing_dir_ok=True)
    with _client(settings) as client:
        window = max(1, len(client.scheduler_info().get("workers", {})) or settings.workers) \
            * settings.window_per_worker
        pending: collections.deque = collections.deque()

        def merged_next() -> Iterator[ChunkResult]:
            folder = pending.popleft().result()
            yield read_shard(shard_root, folder)
            fs.delete_dir(folder)  # only after the writer has committed it (the caller resumes us after)

        for chunk in chunks:
            pending.append(client.submit(shard_chunk, chunk, run_id, settings.mode, shard_root,
                                          settings.conventions, pure=False))
            while len(pending) >= window:
                yield from merged_next()
        while pending:
            yield from merged_next()
