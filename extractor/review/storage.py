"""Reviews in the newsfacts database: the `reviews` table (one row per reviewed record), the append-only
`review_log`, and the queries the review pages need.

Tables (beside extractor.store.Store's, in the same SQLite file)
    reviews     record_id (PK: a figures/quotes/regions id), record_type, article_id (-> articles.id), status
                ('accepted' or 'rejected'; a correction is 'accepted' with `corrections`), corrections (JSON object
                field -> corrected value, or NULL), reviewer, reviewed_at (ISO 8601 UTC), record_hash (what the
                record stated when reviewed), stale (1 when re-extraction has changed the record since)
    review_log  id, record_id, action ('accept', 'reject', 'correct', 'undo'), before and after (the review row as
                JSON, NULL for none), reviewer, time; triggers refuse UPDATE and DELETE

Record ids are stable across re-extraction (article, type, span), so reviews stay attached; `refresh_stale` flags
the reviews whose record now states something else, or is gone.

Example:
    >>> reviews = ReviewStore("newsfacts.db")                              # doctest: +SKIP
    >>> reviews.decide("a1/figure/21-25", "accept", reviewer="ann")["status"]  # doctest: +SKIP
    'accepted'
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, field_validator

from extractor.models import METRICS
from extractor.review import staleness
from extractor.review.records import (
    RECORD_TYPES, RecordNotFound, apply_corrections, model_from_row, parse_record_id, record_hash,
    validate_correction,
)
from extractor.store import Store

Action = Literal["accept", "reject", "correct"]
Status = Literal["todo", "unreviewed", "accepted", "rejected", "corrected", "stale", "all"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    record_id   TEXT PRIMARY KEY,
    record_type TEXT NOT NULL CHECK (record_type IN ('figure', 'quote', 'region')),
    article_id  TEXT NOT NULL REFERENCES articles(id),
    status      TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    corrections TEXT,
    reviewer    TEXT,
    reviewed_at TEXT NOT NULL,
    record_hash TEXT NOT NULL,
    stale       INTEGER NOT NULL DEFAULT 0 CHECK (stale IN (0, 1))
);
CREATE INDEX IF NOT EXISTS idx_reviews_article_id ON reviews(article_id);
CREATE INDEX IF NOT EXISTS idx_reviews_status ON reviews(status);
CREATE TABLE IF NOT EXISTS review_log (
    id        INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('accept', 'reject', 'correct', 'undo')),
    before    TEXT,
    after     TEXT,
    reviewer  TEXT,
    time      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_review_log_record_id ON review_log(record_id);
CREATE INDEX IF NOT EXISTS idx_review_log_reviewer ON review_log(reviewer);
CREATE TRIGGER IF NOT EXISTS review_log_no_update BEFORE UPDATE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_log_no_delete BEFORE DELETE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
"""

REVIEW_COLUMNS = ("record_id", "record_type", "article_id", "status", "corrections", "reviewer", "reviewed_at",
                  "record_hash", "stale")

# every record of the three tables in one shape, for the queue
_ALL_RECORDS = """
    select id, 'figure' as type, article_id, text, start, "end", metric, reporter as region, partner as region2,
           printf('%.15g %s', value, unit) as reads
      from figures
    union all
    select id, 'quote', article_id, text, start, "end", null, null, null, speaker || ' · ' || cue from quotes
    union all
    select id, 'region', article_id, text, start, "end", null, code, null, code || ' · ' || name from regions
"""


CONTEXT = 60  # characters of article text shown either side of a record in the queue


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class QueueFilters(BaseModel):
    """The queue's filters; empty means any. `region` matches a figure's reporter or partner and a region's code;
    `date` is a prefix of the article's publication date (`2025`, `2025-12`, `2025-12-08`).

    Example:
        >>> QueueFilters(type="figure", status="all").type
        'figure'
    """

    model_config = ConfigDict(extra="ignore")

    type: Optional[Literal["figure", "quote", "region"]] = None
    article: Optional[str] = None
    metric: Optional[str] = None
    region: Optional[str] = None
    publisher: Optional[str] = None
    date: Optional[str] = None
    status: Status = "todo"

    @field_validator("type", "article", "metric", "region", "publisher", "date", mode="before")
    @classmethod
    def _blank_is_any(cls, v):
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("status", mode="before")
    @classmethod
    def _blank_is_todo(cls, v):
        return "todo" if v in (None, "") else v

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v):
        if v is not None and v not in METRICS:
            raise ValueError(f"unknown metric {v!r}; use one of {', '.join(METRICS)}")
        return v

    def where(self, with_status: bool = True) -> tuple[str, list[Any]]:
        """SQL conditions over `r` (records), `a` (articles) and `v` (reviews)."""
        cond, args = [], []
        if self.type:
            cond.append("r.type = ?"); args.append(self.type)
        if self.article:
            cond.append("r.article_id = ?"); args.append(self.article)
        if self.metric:
            cond.append("r.metric = ?"); args.append(self.metric)
        if self.region:
            cond.append("(r.region = ? or r.region2 = ?)"); args += [self.region, self.region]
        if self.publisher:
            cond.append("a.publisher = ?"); args.append(self.publisher)
        if self.date:
            cond.append("substr(a.published, 1, ?) = ?"); args += [len(self.date), self.date]
        if with_status:
            cond.append({
                "todo": "(v.record_id is null or v.stale = 1)",
                "unreviewed": "v.record_id is null",
                "accepted": "v.status = 'accepted' and v.corrections is null",
                "rejected": "v.status = 'rejected'",
                "corrected": "v.status = 'accepted' and v.corrections is not null",
                "stale": "v.stale = 1",
                "all": "1",
            }[self.status])
        return (" and ".join(cond) or "1"), args

    def query(self, **changes) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        data = {**self.model_dump(), **changes}
        return {k: str(v) for k, v in data.items() if v not in (None, "")}


class ReviewStore:
    """Reviews over one newsfacts database; safe to share between the threads of one server (one lock)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no such database; run `newsfacts extract ... --db {self.path}` "
                                    f"first")
        Store(self.path).db.conn.close()  # creates any missing newsfacts table, so the queries below hold
        self.conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.lock = threading.RLock()
        with self.lock, self.conn:
            self.conn.executescript(SCHEMA)
        self._stale_mark: tuple | None = None

    def close(self) -> None:
        self.conn.close()

    def _rows(self, sql: str, args=()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, args)]

    # records -------------------------------------------------------------------------------------------------
    def record(self, record_id: str) -> dict[str, Any]:
        """A record with its type, model, review (or None) and the record as corrected.

        Raises RecordNotFound for an id that no table holds.
        """
        article_id, kind, _, _ = parse_record_id(record_id)
        table = RECORD_TYPES[kind][0]
        with self.lock:
            rows = self._rows(f"select * from {table} where id = ?", [record_id])
            if not rows:
                raise RecordNotFound(f"no {kind} with id {record_id!r} in {self.path}")
            review = self.review(record_id)
        model = model_from_row(kind, rows[0])
        corrections = review["corrections"] if review else None
        return {"id": record_id, "type": kind, "article_id": rows[0]["article_id"], "model": model,
                "review": review, "corrected": apply_corrections(kind, model, corrections)}

    def review(self, record_id: str) -> Optional[dict[str, Any]]:
        rows = self._rows("select * from reviews where record_id = ?", [record_id])
        if not rows:
            return None
        row = rows[0]
        row["corrections"] = json.loads(row["corrections"]) if row["corrections"] else None
        return row

    # decisions -----------------------------------------------------------------------------------------------
    def decide(self, record_id: str, action: Action, reviewer: Optional[str],
               corrections: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """Accept, reject or correct a record; returns the new review row. A correction is validated by the
        record's model first (CorrectionError on a bad value, and nothing changes)."""
        if action not in ("accept", "reject", "correct"):
            raise ValueError(f"unknown action {action!r}: use accept, reject or correct")
        with self.lock:
            rec = self.record(record_id)
            before = rec["review"]
            if action == "correct":
                fixed = validate_correction(rec["type"], rec["model"], corrections or {})
                corrections_json = json.dumps(fixed, sort_keys=True) if fixed else None
            else:
                corrections_json = None
            after = {"record_id": record_id, "record_type": rec["type"], "article_id": rec["article_id"],
                     "status": "rejected" if action == "reject" else "accepted", "corrections": corrections_json,
                     "reviewer": reviewer, "reviewed_at": _now(), "record_hash": record_hash(rec["model"]),
                     "stale": 0}
            with self.conn:
                self._put(after)
                self._log(record_id, action, before, after, reviewer)
            return self.review(record_id)

    def undo(self, reviewer: Optional[str]) -> Optional[dict[str, Any]]:
        """Undo this reviewer's last decision not yet undone (repeat to go further back).

        Returns {"record_id", "review"} (the review as restored, None for unreviewed) or None when there is
        nothing left to undo.
        """
        with self.lock:
            target = self._last_undoable(reviewer)
            if target is None:
                return None
            record_id = target["record_id"]
            restored = json.loads(target["before"]) if target["before"] else None
            current = self.review(record_id)
            with self.conn:
                if restored is None:
                    self.conn.execute("delete from reviews where record_id = ?", [record_id])
                else:
                    self._put(restored)
                self._log(record_id, "undo", current, restored, reviewer)
            return {"record_id": record_id, "review": self.review(record_id)}

    def _last_undoable(self, reviewer: Optional[str]) -> Optional[dict[str, Any]]:
        # the log is append-only, so undo is a stack read backwards: each undo cancels the decision before it
        pending = 0
        for row in self.conn.execute("select * from review_log where reviewer is ? order by id desc", [reviewer]):
            if row["action"] == "undo":
                pending += 1
            elif pending:
                pending -= 1
            else:
                return dict(row)
        return None

    def _put(self, review: dict[str, Any]) -> None:
        row = {k: review.get(k) for k in REVIEW_COLUMNS}
        if isinstance(row["corrections"], dict):
            row["corrections"] = json.dumps(row["corrections"], sort_keys=True)
        row["stale"] = int(row["stale"] or 0)
        cols = ", ".join(REVIEW_COLUMNS)
        marks = ", ".join("?" for _ in REVIEW_COLUMNS)
        self.conn.execute(f"insert or replace into reviews ({cols}) values ({marks})", [row[c] for c in REVIEW_COLUMNS])

    def _log(self, record_id: str, action: str, before, after, reviewer: Optional[str]) -> None:
        def dump(r):
            if r is None:
                return None
            r = dict(r)
            if isinstance(r.get("corrections"), str):
                r["corrections"] = json.loads(r["corrections"])
            return json.dumps(r, sort_keys=True)
        self.conn.execute("insert into review_log (record_id, action, before, after, reviewer, time) "
                          "values (?, ?, ?, ?, ?, ?)", [record_id, action, dump(before), dump(after), reviewer, _now()])

    def history(self, record_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return self._rows("select * from review_log where record_id = ? order by id", [record_id])

    # staleness -----------------------------------------------------------------------------------------------
    def refresh_stale(self, force: bool = False) -> int:
        """Flag (stale = 1) each review whose record now states something else or is gone, and clear the flag
        where it matches again; returns how many reviews are stale. Cheap when nothing was re-extracted."""
        with self.lock:
            mark = tuple(self.conn.execute(
                "select (select max(id) from runs), (select max(extracted_at) from articles), "
                "(select count(*) from articles), (select max(id) from review_log)").fetchone())
            if force or mark != self._stale_mark:
                with self.conn:
                    staleness.refresh_stale(self.conn)
                self._stale_mark = mark
            return self.conn.execute("select count(*) from reviews where stale = 1").fetchone()[0]

    # queue ---------------------------------------------------------------------------------------------------
    def queue(self, filters: QueueFilters, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Records matching the filters, article by article in text order, with their review state."""
        where, args = filters.where()
        # a little of the text either side, so most records can be decided from the queue itself
        sql = (f"select r.*, a.title, a.publisher, a.published, v.status, v.corrections, v.stale, v.reviewer, "
               f"substr(a.text, max(1, r.start - {CONTEXT} + 1), min(r.start, {CONTEXT})) as before, "
               f"substr(a.text, r.\"end\" + 1, {CONTEXT}) as after "
               f"from ({_ALL_RECORDS}) r join articles a on a.id = r.article_id "
               f"left join reviews v on v.record_id = r.id where {where} "
               f"order by a.published, r.article_id, r.start, r.\"end\", r.type limit ? offset ?")
        with self.lock:
            return self._rows(sql, [*args, limit, offset])

    def progress(self, filters: QueueFilters) -> dict[str, int]:
        """Counts over the records matching the filters, whatever their status."""
        where, args = filters.where(with_status=False)
        sql = (f"select count(*) as total, count(v.record_id) as reviewed, "
               f"coalesce(sum(v.status = 'accepted' and v.corrections is null), 0) as accepted, "
               f"coalesce(sum(v.status = 'accepted' and v.corrections is not null), 0) as corrected, "
               f"coalesce(sum(v.status = 'rejected'), 0) as rejected, coalesce(sum(v.stale = 1), 0) as stale, "
               f"coalesce(sum(v.record_id is null or v.stale = 1), 0) as todo "
               f"from ({_ALL_RECORDS}) r join articles a on a.id = r.article_id "
               f"left join reviews v on v.record_id = r.id where {where}")
        with self.lock:
            return self._rows(sql, args)[0]

    def orphans(self) -> list[dict[str, Any]]:
        """Reviews whose record re-extraction no longer produces (kept, flagged stale)."""
        sql = (f"select v.* from reviews v left join ({_ALL_RECORDS}) r on r.id = v.record_id "
               f"where r.id is null order by v.record_id")
        with self.lock:
            return self._rows(sql)

    def filter_options(self) -> dict[str, list[str]]:
        """Values the queue's filters can take in this database."""
        with self.lock:
            one = lambda sql: [r[0] for r in self.conn.execute(sql) if r[0] not in (None, "")]  # noqa: E731
            return {
                "metric": one("select distinct metric from figures order by metric"),
                "region": one("select code from regions union select reporter from figures "
                              "union select partner from figures order by 1"),
                "publisher": one("select distinct publisher from articles order by publisher"),
            }

    # articles ------------------------------------------------------------------------------------------------
    def article(self, article_id: str) -> Optional[dict[str, Any]]:
        with self.lock:
            rows = self._rows("select id, url, title, published, publisher, text from articles where id = ?",
                              [article_id])
        return rows[0] if rows else None

    def article_records(self, article_id: str) -> list[dict[str, Any]]:
        """The article's records in text order, each with its model, review and corrected form."""
        out = []
        with self.lock:
            for kind, (table, _) in RECORD_TYPES.items():
                for row in self._rows(f"select * from {table} where article_id = ?", [article_id]):
                    review = self.review(row["id"])
                    model = model_from_row(kind, row)
                    out.append({"id": row["id"], "type": kind, "article_id": article_id, "model": model,
                                "review": review,
                                "corrected": apply_corrections(kind, model, review and review["corrections"])})
        order = {"quote": 0, "figure": 1, "region": 2}
        out.sort(key=lambda r: (r["model"].start, -r["model"].end, order[r["type"]]))
        return out
