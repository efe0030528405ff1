"""The SQL behind each exported table, built only from the fixed column lists of columns.py; every user-given
value is a bound parameter. Rows come out typed (booleans as bool, numbers as float) in the column order.

Reviews (the review stage's `reviews` table, optional) are applied in SQL: a row's status is its review's
(accepted or rejected), or pending where there is none or the review is stale (the record changed since: see
reviews.py); the corrections of a current review (a JSON object field -> value) replace the stored values.
Text fields that are empty strings come out as null, so that every format (CSV included) says the same thing.

Example:
    >>> from extractor.export.columns import TABLES
    >>> from extractor.export.filters import Condition
    >>> sql, params = build_query(TABLES["figures"], reviews=True, status="accepted",
    ...                           where=[Condition("metric", ("exports",))])
    >>> params, "x.status = 'accepted'" in sql, 'x."metric" in (?)' in sql
    (['exports'], True, True)
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from extractor.export.columns import Column, Table
from extractor.export.filters import Condition, ExportError, FilterError, Since, SinceField, table_of
from extractor.export.reviews import CURRENT, load_current_reviews

# the review stage's table; when a database has none, every record is pending
_NO_REVIEWS = "(select null as record_id, null as status, null as corrections, null as reviewed_at where 0)"
_CAST = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_db(path: str | Path) -> sqlite3.Connection:
    """Open a newsfacts database read-only (an export never changes or creates it)."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such database; create it with `newsfacts extract ... --db {path}` "
                          f"or pass --db")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    conn.execute("PRAGMA busy_timeout = 30000")
    from extractor.regions import gazetteer
    names = {code: info.name for code, info in gazetteer().items()}
    conn.create_function("region_name", 1, names.get, deterministic=True)
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}


def check_database(conn: sqlite3.Connection, spec: Table) -> bool:
    """Check that the tables and columns the export reads are there; return whether a reviews table is."""
    have = _tables(conn)
    base = "figures" if spec.name == "observations" else spec.name
    for name in dict.fromkeys((base, "articles")):
        if name not in have:
            raise ExportError(f"the database has no {name} table: is it a newsfacts database?")
    stored = {r[1] for r in conn.execute(f"pragma table_info({_q(base)})")}
    needed = {c.source for c in spec.columns if c.source and not c.source.startswith("a.")}
    missing = sorted(needed - stored)
    if missing:
        raise ExportError(f"table {base} lacks the columns {', '.join(missing)}: the database was written by "
                          f"another version of newsfacts; re-run `newsfacts extract` on it")
    if "reviews" not in have:
        return False
    bad = conn.execute("select record_id from reviews where corrections is not null and not json_valid(corrections) "
                       "limit 1").fetchone()
    if bad:
        raise ExportError(f"reviews: the corrections of {bad[0]!r} are not JSON; fix or redo that review")
    load_current_reviews(conn)
    return True


def _expr(spec: Table, col: Column, base: str) -> str:
    if col.name == "status":
        return "case when r.record_id is null then 'pending' else r.status end"
    if col.name in ("reporter_name", "partner_name"):
        return f"region_name({_expr(spec, spec.column(col.name[:-5]), base)})"
    source = col.source or col.name
    alias, _, field = source.rpartition(".")
    expr = f"{alias or base}.{_q(field)}"
    if col.correctable and spec.record_type:
        path = "'$." + _q(field).replace("'", "''") + "'"
        expr = (f"case when json_type(r.corrections, {path}) is null then {expr} "
                f"else cast(json_extract(r.corrections, {path}) as {_CAST[col.type]}) end")
    if col.type == "string" and col.nullable:
        expr = f"nullif({expr}, '')"
    return expr


def build_query(spec: Table, *, reviews: bool, status: Optional[str] = None, since: Optional[Since] = None,
                since_on: SinceField = "extracted_at", where: Sequence[Condition] = ()) -> tuple[str, list[Any]]:
    """The SELECT for one table with its filters, and its parameters."""
    params: list[Any] = []
    if spec.record_type:
        base = "t"
        table = "figures" if spec.name == "observations" else spec.name
        joins = f"from {_q(table)} as t join articles as a on a.id = t.article_id "
        joins += (f"left join reviews as r on r.record_id = t.id and r.record_id in (select record_id from {CURRENT})"
                  if reviews else f"left join {_NO_REVIEWS} as r on r.record_id = t.id")
        order = ["t.article_id", "t.start", "t.\"end\"", "t.id"]
    else:
        base = "a"
        joins = "from articles as a"
        order = ["a.id"]
    inner_where = []
    if since is not None:
        if since.kind == "run":
            inner_where.append(f"{base}.run_id > ?")
            params.append(since.value)
        elif since_on == "published":
            inner_where.append("a.published >= ?")
            params.append(since.value)
        elif spec.record_type:
            # a review made since is news too: the downstream copy needs its status and corrections
            inner_where.append("(a.extracted_at >= ? or r.reviewed_at >= ?)")
            params += [since.value, since.value]
        else:
            inner_where.append("a.extracted_at >= ?")
            params.append(since.value)
    cols = ", ".join(f"{_expr(spec, c, base)} as {_q(c.name)}" for c in spec.columns)
    keys = ", ".join(f"{o} as _order{i}" for i, o in enumerate(order))
    inner = f"select {cols}, {keys} {joins}" + (f" where {' and '.join(inner_where)}" if inner_where else "")
    outer_where = []
    if status == "accepted":
        outer_where.append("x.status = 'accepted'")
    elif status == "unrejected":
        outer_where.append("x.status != 'rejected'")
    for cond in where:
        col = spec.column(cond.column)  # KeyError here would be a bug: filters.py checked the name
        values = [int(v) if isinstance(v, bool) else v for v in cond.values if v is not None]
        parts = []
        if values:
            parts.append(f"x.{_q(col.name)} in ({', '.join('?' * len(values))})")
            params.extend(values)
        if None in cond.values:
            parts.append(f"x.{_q(col.name)} is null")
        outer_where.append("(" + " or ".join(parts) + ")")
    names = ", ".join(f"x.{_q(c.name)}" for c in spec.columns)
    sql = (f"select {names} from ({inner}) as x" + (f" where {' and '.join(outer_where)}" if outer_where else "")
           + " order by " + ", ".join(f"x._order{i}" for i in range(len(order))))
    return sql, params


def iter_rows(conn: sqlite3.Connection, table: str, *, batch_size: int = 5000, **filters) -> Iterator[tuple]:
    """Typed rows of `table` (tuples in column order), streamed in batches so any size fits in memory. The
    database is checked and the query run here, so a problem surfaces before the first row is asked for."""
    spec = table_of(table)
    reviews = check_database(conn, spec)
    sql, params = build_query(spec, reviews=reviews, **filters)
    # SQLite hands back text and integers as such (the casts in the SQL see to corrected values); booleans come
    # as 0/1 and a REAL may come as an int: only those columns need converting
    fix = [(i, bool if c.type == "boolean" else float) for i, c in enumerate(spec.columns)
           if c.type in ("boolean", "number")]
    cursor = conn.execute(sql, params)

    def rows() -> Iterator[tuple]:
        while batch := cursor.fetchmany(batch_size):
            for row in batch:
                row = list(row)
                for i, kind in fix:
                    if row[i] is not None:
                        row[i] = kind(row[i])
                yield tuple(row)

    return rows()


def latest_run(conn: sqlite3.Connection) -> Optional[int]:
    """The run id to pass as --since next time: the newest run before any that is still going, since a run in
    progress may yet store more (what it stored so far comes again next time, which an upsert by id absorbs)."""
    if "runs" not in _tables(conn):
        return None
    return conn.execute("select max(id) from runs where id < coalesce((select min(id) from runs "
                        "where finished is null), 9223372036854775807)").fetchone()[0]


def check_run(conn: sqlite3.Connection, run_id: int, db: Path) -> None:
    """Refuse a --since RUN that names no run of this database."""
    has_runs = "runs" in _tables(conn)
    if has_runs and conn.execute("select 1 from runs where id = ?", [run_id]).fetchone():
        return
    last = conn.execute("select max(id) from runs").fetchone()[0] if has_runs else None
    known = f"its runs go up to {last}" if last is not None else "it has no runs"
    raise FilterError(f"--since {run_id}: no run {run_id} in {db} ({known}); `newsfacts export` prints the run "
                      f"to pass")
