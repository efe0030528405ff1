"""SQLite store (through sqlite-utils): articles, their records, runs and errors.

Tables
    articles  one row per article (id is the article id)
    figures, quotes, regions
              one row per record; `id` is stable for (article, type, span), e.g. ``a1/figure/304-308``,
              so re-extraction keeps reviews attached; `article_id` references articles
    runs      one row per command run: versions, inputs, counts, whether the patterns changed since the last run
    errors    one row per input that failed (source, line, message), never fatal to a run
    region_members
              bloc or world region -> member ISO codes (extractor/region_members.py), for aggregation

Saving an article replaces all of its records in one transaction: re-running the same input never duplicates.

Example:
    >>> store = Store(":memory:")
    >>> run = store.start_run("extract", ["x.txt"])
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Iterable, Optional

import sqlite_utils

from extractor import __version__
from extractor.models import Article, Figure, Quote, Region
from extractor.patterns import patterns_version
from extractor.region_members import ensure_region_members

RECORD_TABLES = {"figures": Figure, "quotes": Quote, "regions": Region}
RECORD_KIND = {"figures": "figure", "quotes": "quote", "regions": "region"}

_SQL_TYPES = {int: int, float: float, bool: int, str: str}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def record_id(article_id: str, kind: str, start: int, end: int) -> str:
    """Stable id of a record: article, type and span."""
    return f"{article_id}/{kind}/{start}-{end}"


def _columns(model) -> dict[str, type]:
    cols: dict[str, type] = {}
    for name, field in model.model_fields.items():
        ann = field.annotation
        args = getattr(ann, "__args__", None)
        base = next((a for a in (args or (ann,)) if a is not type(None)), str)
        cols[name] = _SQL_TYPES.get(base, str)
    return cols


def _names(cols: list[str]) -> str:
    # quoted: record columns include SQL keywords ("end", "text")
    return ", ".join(f'"{c}"' for c in cols)


def article_rows(article: Article, run_id: Optional[int], source: Optional[str],
                 versions: Optional[dict] = None) -> tuple[dict, dict[str, list[dict]]]:
    """The article row and record rows (by table) that store an extracted article. Two records on one span keep
    the first (a range's ends never share one). `versions` defaults to this process's extractor and patterns."""
    versions = versions or {"extractor_version": __version__, "patterns_version": patterns_version()}
    row = {"id": article.id, "url": article.url, "title": article.title, "published": article.published,
           "publisher": article.publisher, "text": article.text, "source": source, "run_id": run_id,
           "extracted_at": _now(), **versions}
    records: dict[str, list[dict]] = {}
    for table, kind in RECORD_KIND.items():
        rows, seen = [], set()
        for rec in getattr(article, table):
            rid = record_id(article.id, kind, rec.start, rec.end)
            if rid not in seen:
                seen.add(rid)
                rows.append({"id": rid, "article_id": article.id, **rec.model_dump(), "run_id": run_id})
        records[table] = rows
    return row, records


class Store:
    """The newsfacts database. Opening it creates any missing table, index and foreign key."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite_utils.Database(self.path)
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 30000")
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        db = self.db
        if "runs" not in db.table_names():
            db["runs"].create({"id": int, "command": str, "inputs": str, "started": str, "finished": str,
                               "extractor_version": str, "patterns_version": str, "patterns_changed": int,
                               "mode": str, "articles": int, "figures": int, "quotes": int, "regions": int,
                               "errors": int, "status": str, "options": str}, pk="id")
        elif "options" not in db["runs"].columns_dict:
            db["runs"].add_column("options", str)  # databases made before runs recorded their conventions
        if "articles" not in db.table_names():
            db["articles"].create({"id": str, "url": str, "title": str, "published": str, "publisher": str,
                                   "text": str, "source": str, "run_id": int, "extracted_at": str,
                                   "extractor_version": str, "patterns_version": str}, pk="id",
                                  foreign_keys=[("run_id", "runs", "id")])
            db["articles"].create_index(["published"])
            db["articles"].create_index(["publisher"])
        for table, model in RECORD_TABLES.items():
            if table in db.table_names():
                continue
            cols = {"id": str, "article_id": str, **_columns(model), "run_id": int}
            db[table].create(cols, pk="id", foreign_keys=[("article_id", "articles", "id"), ("run_id", "runs", "id")])
            db[table].create_index(["article_id"])
            db[table].create_index(["pattern_id"])
        db["figures"].create_index(["metric"], if_not_exists=True)
        db["figures"].create_index(["reporter"], if_not_exists=True)
        db["regions"].create_index(["code"], if_not_exists=True)
        if "errors" not in db.table_names():
            db["errors"].create({"id": int, "run_id": int, "source": str, "line": int, "article_id": str,
                                 "message": str, "time": str}, pk="id", foreign_keys=[("run_id", "runs", "id")])
            db["errors"].create_index(["run_id"])
        ensure_region_members(db)

    # runs -------------------------------------------------------------------------------------------------
    def start_run(self, command: str, inputs: Iterable[str], mode: str = "accurate",
                  options: Optional[dict] = None) -> int:
        """A new row in runs; `options` (the conventions, see extractor/conventions.py) are kept as JSON."""
        version = patterns_version()
        last = list(self.db.query("select patterns_version from runs order by id desc limit 1"))
        changed = bool(last) and last[0]["patterns_version"] != version
        return self.db["runs"].insert({
            "command": command, "inputs": json.dumps(list(inputs)), "started": _now(), "finished": None,
            "extractor_version": __version__, "patterns_version": version, "patterns_changed": int(changed),
            "mode": mode, "articles": 0, "figures": 0, "quotes": 0, "regions": 0, "errors": 0, "status": "running",
            "options": json.dumps(options or {}, sort_keys=True),
        }).last_pk

    def finish_run(self, run_id: int, status: str = "done") -> dict:
        counts = {t: self.db.execute(f"select count(*) from {t} where run_id = ?", [run_id]).fetchone()[0]
                  for t in ("articles", *RECORD_TABLES, "errors")}
        self.db["runs"].update(run_id, {**counts, "finished": _now(), "status": status})
        return counts

    # articles -----------------------------------------------------------------------------------------------
    def save_article(self, article: Article, run_id: Optional[int] = None, source: Optional[str] = None) -> None:
        """Store an article and replace its records, all in one transaction."""
        article.check_offsets()
        row, records = article_rows(article, run_id, source)
        with self.db.conn:
            self.write_rows([row], records)

    def write_rows(self, articles: list[dict], records: dict[str, list[dict]]) -> None:
        """Upsert article rows and replace all their records with `records` (rows from `article_rows`).

        Opens no transaction of its own: callers wrap it (one article, or a batch writer's whole chunk with its
        checkpoint), so that what it writes lands together or not at all."""
        conn = self.db.conn
        ids = [(row["id"],) for row in articles]
        for table in RECORD_TABLES:
            conn.executemany(f"delete from {table} where article_id = ?", ids)
        if articles:
            cols = list(articles[0])
            updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id")
            # a true upsert (not INSERT OR REPLACE, which deletes first): other tables point at the article row
            conn.executemany(f"insert into articles ({_names(cols)}) values ({', '.join('?' * len(cols))}) "
                             f"on conflict(id) do update set {updates}", [tuple(r[c] for c in cols) for r in articles])
        for table in RECORD_TABLES:
            rows = records.get(table) or []
            if rows:
                cols = list(rows[0])
                conn.executemany(f"insert or replace into {table} ({_names(cols)}) values ({', '.join('?' * len(cols))})",
                                 [tuple(r[c] for c in cols) for r in rows])
        # reviews stay attached by record id; flag the ones whose record this extraction changed or dropped
        # (imported here: the review package builds on this module)
        from extractor.review.staleness import refresh_stale
        refresh_stale(conn, [row["id"] for row in articles])

    def record_error(self, run_id: Optional[int], source: str, message: str, line: Optional[int] = None,
                     article_id: Optional[str] = None) -> None:
        self.db["errors"].insert({"run_id": run_id, "source": source, "line": line, "article_id": article_id,
                                  "message": message, "time": _now()})

    def load_article(self, article_id: str) -> Article:
        row = self.db["articles"].get(article_id)
        data = {k: row[k] for k in ("id", "url", "title", "published", "publisher", "text")}
        for table, model in RECORD_TABLES.items():
            recs = self.db.query(f"select * from {table} where article_id = ? order by start, end", [article_id])
            fields = set(model.model_fields)
            data[table] = [model(**{k: v for k, v in r.items() if k in fields}) for r in recs]
        return Article(**data)

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("articles", *RECORD_TABLES, "errors", "runs")}
