"""Which reviews need another look: a review is stale when the record it points at now states something else
(its hash differs from the one stored with the review) or is no longer extracted at all.

Plain functions over a sqlite3 connection, with no commit of their own, so that the store can run them inside the
transaction that re-saves an article, and the review server and exports can run them on their own connections.

Example:
    >>> conn = sqlite3.connect("newsfacts.db")                        # doctest: +SKIP
    >>> with conn:
    ...     refresh_stale(conn, ["a1"])                                # doctest: +SKIP
    0
"""
from __future__ import annotations

import sqlite3
from typing import Any, Iterable, Optional

from extractor.review.records import RECORD_TYPES, model_from_row, record_hash


def _dicts(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def refresh_stale(conn: sqlite3.Connection, article_ids: Optional[Iterable[str]] = None) -> int:
    """Set `reviews.stale` from the records as they are now, for the given articles (default: all); returns how
    many reviews changed flag. A database without a reviews table has nothing to do."""
    if not conn.execute("select 1 from sqlite_master where type = 'table' and name = 'reviews'").fetchone():
        return 0
    if article_ids is None:
        reviews = _dicts(conn.execute("select record_id, record_type, record_hash, stale from reviews"))
    else:
        ids = list(article_ids)
        marks = ", ".join("?" for _ in ids)
        reviews = _dicts(conn.execute("select record_id, record_type, record_hash, stale from reviews "
                                      f"where article_id in ({marks})", ids)) if ids else []
    updates = []
    for review in reviews:
        table = RECORD_TYPES[review["record_type"]][0]
        rows = _dicts(conn.execute(f"select * from {table} where id = ?", [review["record_id"]]))
        now = record_hash(model_from_row(review["record_type"], rows[0])) if rows else None
        stale = int(now != review["record_hash"])
        if stale != review["stale"]:
            updates.append((stale, review["record_id"]))
    conn.executemany("update reviews set stale = ? where record_id = ?", updates)
    return len(updates)
