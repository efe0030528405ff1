"""Checkpoints: per input file, the position up to which every item is stored (records or error).

The `batch_checkpoints` table is written by the same transaction as the records of a chunk (see writer.py), so
after kill -9 the database holds either a chunk with its checkpoint or neither: a resumed run starts right after
the last stored position, losing nothing and storing nothing twice.

Example:
    >>> import sqlite_utils
    >>> db = sqlite_utils.Database(memory=True)
    >>> ensure(db); advance(db, {"a.jsonl": 40}, run_id=1); position(db, "a.jsonl")
    40
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Mapping

import sqlite_utils

TABLE = "batch_checkpoints"


def ensure(db: sqlite_utils.Database) -> None:
    db.execute(f"create table if not exists {TABLE} (source text primary key, position integer not null, "
               "run_id integer, updated text)")


def load(db: sqlite_utils.Database) -> dict[str, int]:
    return {row[0]: row[1] for row in db.execute(f"select source, position from {TABLE}").fetchall()}


def position(db: sqlite_utils.Database, source: str) -> int:
    """The stored position of one file (0: nothing stored); looked up file by file, so that a folder of a
    million files does not hold a million checkpoints in memory."""
    row = db.execute(f"select position from {TABLE} where source = ?", [source]).fetchone()
    return row[0] if row else 0


def advance(db: sqlite_utils.Database, positions: Mapping[str, int], run_id: int | None) -> None:
    """Move checkpoints forward (never back: a late duplicate shard cannot undo progress). Call inside the
    transaction that stores the chunk."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    db.conn.executemany(
        f"insert into {TABLE} (source, position, run_id, updated) values (?, ?, ?, ?) "
        "on conflict(source) do update set position = max(position, excluded.position), "
        "run_id = excluded.run_id, updated = excluded.updated",
        [(source, pos, run_id, now) for source, pos in positions.items()])


def forget(db: sqlite_utils.Database, sources: Iterable[str]) -> None:
    with db.atomic():
        db.conn.executemany(f"delete from {TABLE} where source = ?", [(s,) for s in sources])
