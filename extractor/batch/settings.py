"""Settings of one batch run, with named defaults; the CLI builds one from its options.

Example:
    >>> BatchSettings(workers=2, mode="fast").chunk_size
    32
"""
from __future__ import annotations

import os
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from extractor.conventions import Conventions

DEFAULT_CHUNK_SIZE = 32     # articles per task and per SQLite transaction: large enough to amortise IPC and fsync
DEFAULT_WINDOW_PER_WORKER = 3  # chunks in flight per worker: keeps workers busy, keeps memory flat


def default_workers() -> int:
    # the cores this process may use (a container or taskset may allow fewer than the machine has)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class BatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(default_factory=default_workers, ge=0)  # 0: extract in the writer's own process
    mode: Literal["accurate", "fast"] = "accurate"
    conventions: Conventions = Conventions()  # SCHEMA.md's by default; see extractor/conventions.py
    limit: Optional[int] = Field(default=None, ge=1)  # items (articles and bad inputs) to take in this run
    chunk_size: int = Field(default=DEFAULT_CHUNK_SIZE, ge=1)
    window_per_worker: int = Field(default=DEFAULT_WINDOW_PER_WORKER, ge=1)
    engine: Literal["local", "dask"] = "local"
    scheduler: Optional[str] = None  # a Dask scheduler address; None starts a LocalCluster
    shard_dir: Optional[str] = None  # where Dask workers write Parquet shards; default beside the database
    restart: bool = False  # forget the checkpoints of these inputs and process everything again
