"""Batch extraction of whole archives: streaming sources, worker processes, one SQLite writer, checkpoints that
survive kill -9, and a Dask engine for clusters.

The flow: `sources.iter_items` (streams items, skipping what a checkpoint says is stored) -> `workers` (one
Extractor per process, chunks of items in, table rows out) -> `writer` (rows, errors and the checkpoint in one
transaction per chunk). `dask_engine` runs the same chunks on a Dask cluster through Parquet shards.

Example:
    >>> from extractor.batch import run_batch, BatchSettings
    >>> run_batch(["archive.warc.gz"], db_path="news.db", settings=BatchSettings(workers=2))  # doctest: +SKIP
"""
from extractor.batch.settings import BatchSettings
from extractor.batch.run import BatchResult, run_batch

__all__ = ["BatchSettings", "BatchResult", "run_batch"]
