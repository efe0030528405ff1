"""The single SQLite writer of a batch: one transaction per chunk holds its articles, records, errors and the
checkpoints of its files, so a crash at any instant leaves a consistent prefix of the input stored.

Articles are upserted and their old records replaced, exactly as `Store.save_article` does, so writing a chunk
twice (a Dask shard merged again, a chunk redone after a crash) stores it once.

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
from extractor.store import RECORD_KIND, Store


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
            ids = [(row["id"],) for row in result.articles]
            for table in RECORD_KIND:
                conn.executemany(f"delete from {table} where article_id = ?", ids)
            if result.articles:
                cols = list(result.articles[0])
                updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id")
                # a true upsert (not INSERT OR REPLACE): other tables may point at the article row
                conn.executemany(f"insert into articles ({_names(cols)}) values ({', '.join('?' * len(cols))}) "
                                 f"on conflict(id) do update set {updates}",
                                 [tuple(r[c] for c in cols) for r in result.articles])
            for table in RECORD_KIND:
                rows = result.records[table]
                if rows:
                    cols = list(rows[0])
                    conn.executemany(f"insert or replace into {table} ({_names(cols)}) "
                                     f"values ({', '.join('?' * len(cols))})",
                                     [tuple(r[c] for c in cols) for r in rows])
            for err in result.errors:
                # a chunk stored again (a Dask shard merged twice) must not list its errors twice
                conn.execute("delete from errors where run_id is ? and source = ? and line is ? and message = ?",
                             [self.run_id, err["source"], err["line"], err["message"]])
                self.store.record_error(self.run_id, err["source"], err["message"], err["line"],
                                        err["article_id"])
            checkpoint.advance(db, result.positions, self.run_id)



def _names(cols: list[str]) -> str:
    # quoted: record columns include SQL keywords ("end", "text")
    return ", ".join(f'"{c}"' for c in cols)
