"""The single SQLite writer of a batch: one transaction per chunk holds its articles, records, errors and the
checkpoints of its files, so a crash at any instant leaves a consistent prefix of the input stored.

Articles and records go through `Store.write_rows`, as `Store.save_article` does, so writing a chunk twice (a Dask
shard merged again, a chunk redone after a crash) stores it once, and stale reviews are flagged the same way.

Example:
    >>> store = Store(":memory:"); w = ChunkWriter(store, run_id=store.start_run("batch", []))
    >>> w.write(ChunkResult(positions={"a.jsonl": 3}))
    >>> checkpoint.load(store.db)
    {'a.jsonl': 3}
"""
from __future__ import annotations

from typing import Optional

from extractor.batch import checkpoint
from extractor.batch.workers import ChunkResult
from extractor.store import Store


class ChunkWriter:
    def __init__(self, store: Store, run_id: Optional[int]):
        self.store = store
        self.run_id = run_id
        db = store.db
        checkpoint.ensure(db)
        # WAL + NORMAL: a commit survives kill -9 of this process (only a power cut may lose the newest commits,
        # and then their checkpoints with them, so resuming stays exact); full fsync per chunk costs throughput
        if store.path != ":memory:":
            db.execute("PRAGMA synchronous = NORMAL")

    def write(self, result: ChunkResult) -> None:
        db = self.store.db
        conn = db.conn
        with db.atomic():
            self.store.write_rows(result.articles, result.records)
            for err in result.errors:
                # a chunk stored again (a Dask shard merged twice) must not list its errors twice
                conn.execute("delete from errors where run_id is ? and source = ? and line is ? and message = ?",
                             [self.run_id, err["source"], err["line"], err["message"]])
                self.store.record_error(self.run_id, err["source"], err["message"], err["line"],
                                        err["article_id"])
            checkpoint.advance(db, result.positions, self.run_id)


