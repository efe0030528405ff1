"""The columns of every exportable table: name, type, whether it may be null, allowed values, and a description.

These fixed lists are the only source of SQL identifiers in an export (no SQL is ever built from user text), of
the Frictionless Table Schema and of the Parquet schema, so every format agrees on column order and types. The
record tables follow the pydantic models of `extractor/models.py` field for field (as the store does); the
`observations` table is defined here.

Bump SCHEMA_VERSION whenever a column is added, removed, renamed or retyped (tests/test_export_schema.py holds
the fingerprint of each version and fails when the columns change without a bump).

Example:
    >>> [c.name for c in TABLES["regions"].columns][:4]
    ['id', 'article_id', 'pattern_id', 'extractor_version']
    >>> TABLES["figures"].column("forecast").type
    'boolean'
"""
from __future__ import annotations

import hashlib
import json
import typing
from dataclasses import dataclass, field, replace
from typing import Literal, Optional

from pydantic import BaseModel

from extractor.models import Figure, Quote, Region

SCHEMA_VERSION = "1.0.0"

ColumnType = Literal["string", "integer", "number", "boolean"]
Status = Literal["accepted", "rejected", "pending"]
STATUSES: tuple[str, ...] = typing.get_args(Status)
KEYS = frozenset({"id", "article_id"})

# the span, evidence and provenance of a record: a review never corrects them (they say where it came from)
SPAN_FIELDS = frozenset({"text", "start", "end", "sentence", "pattern_id", "extractor_version", "patterns_version"})


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    nullable: bool = True
    enum: Optional[tuple[str, ...]] = None
    pattern: Optional[str] = None
    # where the value comes from: a column of the table's row (`source`), or None for the ones tables.py computes
    source: Optional[str] = None
    correctable: bool = False  # a reviewer's correction of this field replaces the stored value

    def __post_init__(self) -> None:
        # empty text is exported as null in every format (CSV cannot tell them apart for most readers), so only
        # keys and fields with fixed values are never null among the text columns
        if self.type == "string" and not self.enum and self.name not in KEYS:
            object.__setattr__(self, "nullable", True)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str = "id"
    # column -> (table, column) it references, declared when both tables are in the same data package
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    record_type: Optional[str] = None  # 'figure', 'quote', 'region' where rows carry a review status

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_TYPES: dict[type, ColumnType] = {str: "string", int: "integer", float: "number", bool: "boolean"}

# what each field means, in the words of ../shared/SCHEMA.md (short enough for a spreadsheet's header note)
_COMMON = {
    "id": "stable record id: <article>/<figure|quote|region>/<start>-<end>",
    "article_id": "the article the record comes from (articles.id)",
    "text": "the record's surface text, exactly as it stands in the article",
    "start": "offset of text in the article text (Python str index)",
    "end": "offset just past text in the article text (end exclusive)",
    "pattern_id": "id of the rule in patterns/ that made the record",
    "extractor_version": "newsfacts version that extracted the record",
    "patterns_version": "hash of the pattern files that extracted the record",
    "sentence": "the sentence the record stands in (evidence for review)",
    "run_id": "the extraction run that stored the record (runs.id)",
    "status": "review status: accepted, rejected or pending (never reviewed, or reviewed before the record changed)",
}
_FIELDS = {
    "figure": {
        "value": "the number at its full scale ($112 billion -> 112000000000; 5.9% -> 5.9)",
        "unit": "ISO 4217 code for money, % percent, pp percentage points, bp basis points, point index points, "
                "else the unit noun's singular (tonne, barrel, job)",
        "qualifier": "= exact, ~ about, > more than, < less than",
        "direction": "up or down where the sentence describes the quantity moving; empty for a plain level",
        "kind": "change: the size of a movement; level: otherwise",
        "metric": "what is measured (exports, imports, trade_surplus, tariff, gdp_growth, ...)",
        "metric_text": "the words the metric was read from",
        "reporter": "region code of the economy whose metric it is",
        "partner": "region code of the counterpart economy",
        "period": "period covered: 2025-11, 2025-Q3, 2025-H1, 2025, or a range 2025-01/2025-11",
        "basis": "comparison base of a change: yoy, mom or qoq",
        "forecast": "true for a forecast, expectation, estimate, target or projection",
        "record": "true where the text calls the figure a record or a multi-year high or low",
    },
    "quote": {
        "kind": "direct (wholly in quotation marks), mixed (partly quoted) or indirect (reported speech)",
        "speaker": "full name of the person or organisation speaking",
        "speaker_type": "person or organization",
        "title": "the speaker's role as given (analyst, Chief Economist)",
        "organization": "the speaker's employer or body",
        "cue": "the reporting word or phrase (said, according to, warned)",
        "speaker_start": "offset of the speaker mention the quote is attached to",
        "speaker_end": "offset just past that speaker mention",
    },
    "region": {
        "code": "ISO 3166-1 alpha-2 country code, bloc short name (EU, ASEAN), EZ, APAC or UN M49 region code",
        "name": "canonical English name of the region",
        "kind": "country, bloc or region",
    },
}


def _model_columns(model: type[BaseModel], record_type: str) -> list[Column]:
    cols = []
    for name, info in model.model_fields.items():
        args = typing.get_args(info.annotation)
        nullable = type(None) in args
        base = next((a for a in args if a is not type(None)), info.annotation) if nullable else info.annotation
        enum = None
        if typing.get_origin(base) is Literal:
            enum, base = typing.get_args(base), str
        pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
        description = _FIELDS[record_type].get(name) or _COMMON[name]
        cols.append(Column(name, _TYPES[base], description, nullable=nullable, enum=enum, pattern=pattern,
                           source=name, correctable=name not in SPAN_FIELDS))
    return cols


def _record_table(name: str, model: type[BaseModel], record_type: str, description: str) -> Table:
    columns = (
        Column("id", "string", _COMMON["id"], nullable=False, source="id"),
        Column("article_id", "string", _COMMON["article_id"], nullable=False, source="article_id"),
        *_model_columns(model, record_type),
        Column("run_id", "integer", _COMMON["run_id"], source="run_id"),
        Column("status", "string", _COMMON["status"], nullable=False, enum=STATUSES),
    )
    return Table(name, name.capitalize(), description, columns,
                 foreign_keys={"article_id": ("articles", "id")}, record_type=record_type)


ARTICLES = Table("articles", "Articles", "one row per article: its metadata and the text every offset points into", (
    Column("id", "string", "stable article id: the input's own id, or a hash of its URL or text", nullable=False,
           source="id"),
    Column("url", "string", "canonical URL", source="url"),
    Column("title", "string", "the article's headline", source="title"),
    Column("published", "string", "ISO 8601 date or datetime of publication", source="published"),
    Column("publisher", "string", "the outlet that published the article", source="publisher"),
    Column("text", "string", "the article body that all record offsets point into", nullable=False, source="text"),
    Column("source", "string", "the input the article was read from (file, line or URL)", source="source"),
    Column("run_id", "integer", "the extraction run that last stored the article (runs.id)", source="run_id"),
    Column("extracted_at", "string", "when the article was last extracted (ISO 8601, UTC)", source="extracted_at"),
    Column("extractor_version", "string", _COMMON["extractor_version"], source="extractor_version"),
    Column("patterns_version", "string", _COMMON["patterns_version"], source="patterns_version"),
))

_FIG = {c.name: c for c in _model_columns(Figure, "figure")}
_ART = {c.name: c for c in ARTICLES.columns}


def _from_article(name: str, description: str) -> Column:
    return replace(_ART[name], description=description, source=f"a.{name}")


OBSERVATIONS = Table(
    "observations", "Observations",
    "one tidy row per figure: what was measured, for whom, when, how much, with its article and evidence; "
    "reviewers' corrections applied",
    (
        Column("id", "string", "the figure's record id (figures.id)", nullable=False, source="id"),
        Column("article_id", "string", _COMMON["article_id"], nullable=False, source="article_id"),
        _from_article("url", "the article's canonical URL"),
        _from_article("title", "the article's headline"),
        _from_article("publisher", "the outlet that published the article"),
        _from_article("published", "ISO 8601 date or datetime of the article's publication"),
        _FIG["reporter"],
        Column("reporter_name", "string", "canonical English name of the reporter region"),
        _FIG["partner"],
        Column("partner_name", "string", "canonical English name of the partner region"),
        *(_FIG[name] for name in ("metric", "period", "value", "unit", "qualifier", "direction", "kind", "basis",
                                  "forecast", "record")),
        Column("status", "string", _COMMON["status"], nullable=False, enum=STATUSES),
        replace(_FIG["text"], description="the figure as the article writes it ($112 billion, 5.9%)"),
        replace(_FIG["sentence"], description="the sentence the figure stands in (evidence)"),
    ),
    foreign_keys={"id": ("figures", "id"), "article_id": ("articles", "id")},
    record_type="figure",
)

TABLES: dict[str, Table] = {
    "observations": OBSERVATIONS,
    "figures": _record_table("figures", Figure, "figure", "one row per figure (number with what it measures)"),
    "quotes": _record_table("quotes", Quote, "quote", "one row per quote (what a named person or body said)"),
    "regions": _record_table("regions", Region, "region", "one row per mention of a country, bloc or region"),
    "articles": ARTICLES,
}


def fingerprint() -> str:
    """A hash of every table's column names, types, nullability and allowed values: it changes exactly when the
    exported shape does, and then SCHEMA_VERSION must change with it."""
    shape = {t.name: [(c.name, c.type, c.nullable, c.enum, c.pattern) for c in t.columns] for t in TABLES.values()}
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]
