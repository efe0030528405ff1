"""What an export selects: the review status to keep, what is new (--since) and field filters (--where), each
checked against the table's columns before any SQL runs.

A filter value never becomes SQL: `parse_where` returns the column (from the fixed lists in columns.py) and typed
values that tables.py binds as parameters.

Example:
    >>> parse_where("figures", ["metric=exports", "metric=imports", "forecast=true"])
    [Condition(column='metric', values=('exports', 'imports')), Condition(column='forecast', values=(True,))]
    >>> parse_since("2025-12-01")
    Since(kind='date', value='2025-12-01')
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, Optional, Sequence

from extractor.export.columns import TABLES, Column

StatusFilter = Literal["accepted", "unrejected", "all"]
STATUS_FILTERS: tuple[str, ...] = ("accepted", "unrejected", "all")
SinceField = Literal["extracted_at", "published"]

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExportError(ValueError):
    """An export that cannot run as asked; the message names the input and says what to do instead.

    FilterError: a --where, --since or --status that does not fit the table.
    """


class FilterError(ExportError):
    pass


@dataclass(frozen=True)
class Condition:
    """column = any of values (None in values matches an empty field)."""

    column: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Since:
    kind: Literal["date", "run"]
    value: Any


def table_of(name: str):
    try:
        return TABLES[name]
    except KeyError:
        raise ExportError(f"unknown table {name!r}: choose one of {', '.join(TABLES)}") from None


def parse_value(table: str, col: Column, raw: str) -> Any:
    """The typed value of `raw` for a column; an empty string means null."""
    if raw == "":
        return None
    problem = None
    if col.type == "integer":
        try:
            return int(raw)
        except ValueError:
            problem = "is not a whole number"
    elif col.type == "number":
        try:
            return float(raw)
        except ValueError:
            problem = "is not a number"
    elif col.type == "boolean":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        problem = "is not true or false"
    elif col.enum and raw not in col.enum:
        problem = f"is not one of {', '.join(col.enum)}"
    elif col.pattern and not re.match(col.pattern, raw):
        problem = f"does not match {col.pattern}"
    if problem:
        raise FilterError(f"--where {col.name}={raw}: {raw!r} {problem} ({col.name} is a {col.type} column of "
                          f"{table}: {col.description})")
    return raw


def parse_where(table: str, items: Sequence[str]) -> list[Condition]:
    """Turn FIELD=VALUE items into conditions: one field given twice means either value, two fields mean both."""
    spec = table_of(table)
    grouped: dict[str, list[Any]] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise FilterError(f"--where {item!r}: write FIELD=VALUE (e.g. --where metric=exports); "
                              f"fields of {table}: {', '.join(spec.names)}")
        if name not in spec.names:
            raise FilterError(f"--where {item!r}: {table} has no field {name!r}; "
                              f"valid fields: {', '.join(spec.names)}")
        col = spec.column(name)
        grouped.setdefault(name, []).append(parse_value(table, col, raw))
    return [Condition(name, tuple(values)) for name, values in grouped.items()]


def parse_since(raw: Optional[str]) -> Optional[Since]:
    """`--since 42` is a run id (what later runs stored); `--since 2025-12-01` or an ISO datetime is a date."""
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return Since("run", int(raw))
    if _DATE.match(raw):
        try:
            dt.date.fromisoformat(raw)
        except ValueError as e:
            raise FilterError(f"--since {raw!r}: not a date ({e})") from None
        return Since("date", raw)
    try:
        when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise FilterError(f"--since {raw!r}: give a run id (e.g. 12), a date (2025-12-01) or an ISO 8601 "
                          f"datetime (2025-12-01T08:00:00Z)") from None
    if when.tzinfo is not None:
        # the store writes UTC timestamps as 2025-12-01T08:00:00+00:00: compare in the same form
        when = when.astimezone(dt.timezone.utc)
        return Since("date", when.isoformat(timespec="seconds"))
    return Since("date", when.isoformat(timespec="seconds"))


def check_status(table: str, status: Optional[str]) -> Optional[str]:
    """The status filter for a table: unrejected by default for record tables; none for articles."""
    spec = table_of(table)
    if spec.record_type is None:
        if status not in (None, "all"):
            raise FilterError(f"--status {status}: {table} rows have no review status; drop --status or export "
                              f"observations, figures, quotes or regions")
        return None
    if status is None:
        return "unrejected"
    if status not in STATUS_FILTERS:
        raise FilterError(f"--status {status!r}: choose one of {', '.join(STATUS_FILTERS)}")
    return status
