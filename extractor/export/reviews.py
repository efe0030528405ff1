"""Which reviews an export applies: those whose record still states what the reviewer saw.

A review is current when it is not flagged stale and its `record_hash` equals the hash of the record as it is now
(computed the review stage's way, `extractor.review.records.record_hash`). Checking the hash here, and not only
the flag, keeps an export right when records were re-extracted since the review server last flagged them. A stale
review leaves its record pending: neither its decision nor its corrections apply.

The current reviews go into a temporary table of the export's own read-only connection; the database is never
written.

Example:
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> load_current_reviews(conn)            # no reviews table: nothing applies
    0
    >>> conn.execute("select count(*) from temp.nf_current_reviews").fetchone()
    (0,)
"""
from __future__ import annotations

import sqlite3

from pydantic import ValidationError

CURRENT = "temp.nf_current_reviews"


def _has_reviews(conn: sqlite3.Connection) -> bool:
    return conn.execute("select 1 from sqlite_master where type = 'table' and name = 'reviews'").fetchone() is not None


def load_current_reviews(conn: sqlite3.Connection) -> int:
    """Fill temp.nf_current_reviews with the ids of the records whose review applies; return how many."""
    # the review package loads the store (and pandas through sqlite-utils): only when an export runs
    from extractor.review.records import RECORD_TYPES, model_from_row, record_hash
    conn.execute("drop table if exists temp.nf_current_reviews")
    conn.execute("create temp table nf_current_reviews (record_id text primary key)")
    if not _has_reviews(conn):
        return 0
    current = []
    for kind, (table, _model) in RECORD_TYPES.items():
        cur = conn.execute(f"select r.record_hash as _review_hash, t.* from reviews as r join {table} as t "
                           f"on t.id = r.record_id where r.record_type = ? and coalesce(r.stale, 0) = 0", [kind])
        names = [d[0] for d in cur.description]
        for values in cur:
            row = dict(zip(names, values))
            try:
                now = record_hash(model_from_row(kind, row))
            except ValidationError:  # a record its model no longer accepts has changed under the review
                continue
            if now == row["_review_hash"]:
                current.append((row["id"],))
    conn.executemany("insert into temp.nf_current_reviews values (?)", current)
    return len(current)
