"""Typed records: the contract of ../shared/SCHEMA.md, field for field, plus provenance.

Every record carries `pattern_id` (the rule that made it), `extractor_version` and `patterns_version` (a hash of
the pattern files), so that a stored fact can always be traced back to the code and data that produced it.

Example:
    >>> Figure(text="5.9%", start=0, end=4, value=5.9, unit="%", sentence="5.9%").qualifier
    '='
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

FigureMetric = Literal[
    "exports", "imports", "trade_surplus", "trade_deficit", "trade_balance", "trade_volume", "tariff", "gdp",
    "gdp_growth", "inflation", "current_account", "budget_balance", "debt", "reserves", "investment", "subsidy",
    "exchange_rate", "interest_rate", "market_index", "unemployment", "employment", "price", "sales", "profit",
    "production", "other",
]
METRICS: tuple[str, ...] = FigureMetric.__args__  # type: ignore[attr-defined]


class Provenance(BaseModel):
    """Where a record came from: the rule, and the versions of code and patterns that applied it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    pattern_id: str = ""
    extractor_version: str = ""
    patterns_version: str = ""


class Span(Provenance):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class Figure(Span):
    value: float
    unit: str
    qualifier: Literal["=", "~", ">", "<"] = "="
    direction: Optional[Literal["up", "down"]] = None
    kind: Literal["change", "level"] = "level"
    metric: FigureMetric = "other"
    metric_text: Optional[str] = None
    reporter: Optional[str] = None
    partner: Optional[str] = None
    period: Optional[str] = Field(default=None, pattern=r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?(/\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?)?$")
    basis: Optional[Literal["yoy", "mom", "qoq"]] = None
    forecast: bool = False
    record: bool = False
    sentence: str = ""


class Quote(Span):
    kind: Literal["direct", "mixed", "indirect"]
    speaker: str
    speaker_type: Literal["person", "organization"] = "person"
    title: Optional[str] = None
    organization: Optional[str] = None
    cue: str
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    sentence: str = ""


class Region(Span):
    code: str
    name: str
    kind: Literal["country", "bloc", "region"]


class Article(BaseModel):
    """One article and every record extracted from it. Offsets of all records point into `text`."""

    model_config = ConfigDict(extra="ignore")

    id: str
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    text: str
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    # not in SCHEMA.md's Article: kept for the store and exports, never required of an input
    publisher: Optional[str] = None

    def check_offsets(self) -> None:
        """Raise ValueError naming the first record whose offsets do not slice `text` to its own `text`."""
        for rec in [*self.figures, *self.quotes, *self.regions]:
            if self.text[rec.start:rec.end] != rec.text:
                raise ValueError(f"article {self.id}: {type(rec).__name__} {rec.text!r} at {rec.start}:{rec.end} "
                                 f"does not match the text there ({self.text[rec.start:rec.end]!r})")
