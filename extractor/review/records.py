"""What a reviewer can see and change of a record: its type (read from its stable id), its hash, the fields a
correction may touch, and the validation of a correction through the pydantic models.

A correction never changes a record's span (`text`, `start`, `end`): those make its id. Nor its provenance or
evidence sentence: those say where it came from.

Example:
    >>> parse_record_id("a1/figure/21-25")
    ('a1', 'figure', 21, 25)
    >>> fig = Figure(text="5.9%", start=0, end=4, value=5.9, unit="%")
    >>> validate_correction("figure", fig, {"value": "6.1"})
    {'value': 6.1}
"""
from __future__ import annotations

import hashlib
import json
import typing
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from extractor.models import Figure, Provenance, Quote, Region

RecordType = Literal["figure", "quote", "region"]

# record type -> (table in the store, model)
RECORD_TYPES: dict[str, tuple[str, type[BaseModel]]] = {
    "figure": ("figures", Figure), "quote": ("quotes", Quote), "region": ("regions", Region),
}

# what a correction may change, in the order the edit form shows it
EDITABLE: dict[str, tuple[str, ...]] = {
    "figure": ("value", "unit", "qualifier", "direction", "kind", "metric", "metric_text", "reporter", "partner",
               "period", "basis", "forecast", "record"),
    "quote": ("kind", "speaker", "speaker_type", "title", "organization", "cue"),
    "region": ("code", "name", "kind"),
}

# fields that say where a record came from, not what it states: a new patterns version alone changes nothing
PROVENANCE_FIELDS = frozenset(Provenance.model_fields)


class CorrectionError(ValueError):
    """A correction that the record's model refuses; the message names the field, the problem and the value."""


class RecordNotFound(LookupError):
    """No record with this id in the figures, quotes or regions table."""


def parse_record_id(record_id: str) -> tuple[str, str, int, int]:
    """Split `<article>/<figure|quote|region>/<start>-<end>` (the article id may itself hold slashes)."""
    try:
        article_id, kind, span = record_id.rsplit("/", 2)
        start, end = (int(x) for x in span.split("-"))
    except ValueError:
        raise RecordNotFound(f"{record_id!r} is not a record id (<article>/<figure|quote|region>/<start>-<end>)")
    if kind not in RECORD_TYPES or not article_id:
        raise RecordNotFound(f"{record_id!r} is not a record id (<article>/<figure|quote|region>/<start>-<end>)")
    return article_id, kind, start, end


def model_from_row(kind: str, row: dict[str, Any]) -> BaseModel:
    """The record's pydantic model from its table row (SQLite gives booleans back as 0/1)."""
    model = RECORD_TYPES[kind][1]
    return model.model_validate({k: v for k, v in row.items() if k in model.model_fields})


def content(record: BaseModel) -> dict[str, Any]:
    """The fields a record states (everything but provenance)."""
    return record.model_dump(exclude=set(PROVENANCE_FIELDS))


def record_hash(record: BaseModel) -> str:
    """A short hash of what the record states, to tell when re-extraction changed it."""
    blob = json.dumps(content(record), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def field_spec(kind: str, name: str) -> dict[str, Any]:
    """How the edit form shows a field: its input kind, its choices and whether it may be empty."""
    model = RECORD_TYPES[kind][1]
    ann = model.model_fields[name].annotation
    args = typing.get_args(ann)
    optional = type(None) in args
    base = next((a for a in args if a is not type(None)), ann) if optional else ann
    spec: dict[str, Any] = {"name": name, "optional": optional, "input": "text", "choices": None}
    if typing.get_origin(base) is Literal:
        spec.update(input="choice", choices=list(typing.get_args(base)))
    elif base is bool:
        spec.update(input="choice", choices=[True, False])
    elif base in (int, float):
        spec["input"] = "number"
    return spec


def _coerce(kind: str, name: str, raw: Any) -> Any:
    # the form sends strings: an empty one clears an optional field; pydantic's lax mode reads the rest
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            if field_spec(kind, name)["optional"]:
                return None
            raise CorrectionError(f"{name}: a value is required (this field cannot be empty)")
    return raw


def _explain(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "record"
        got = f" (got {e['input']!r})" if loc != "record" else ""
        parts.append(f"{loc}: {e['msg']}{got}")
    return "; ".join(parts)


def validate_correction(kind: str, record: BaseModel, raw: dict[str, Any]) -> dict[str, Any]:
    """Check `raw` (field -> new value) against the record's model; return only the fields that differ.

    Raises CorrectionError naming the field and the problem; nothing is changed by a refused correction.
    """
    if not isinstance(raw, dict) or not raw:
        raise CorrectionError("a correction needs at least one field and its new value")
    editable = EDITABLE[kind]
    unknown = sorted(set(raw) - set(editable))
    if unknown:
        raise CorrectionError(f"{', '.join(unknown)}: cannot be corrected; the editable fields of a {kind} are "
                              f"{', '.join(editable)}")
    merged = record.model_dump()
    merged.update({name: _coerce(kind, name, value) for name, value in raw.items()})
    try:
        fixed = type(record).model_validate(merged)
    except ValidationError as err:
        raise CorrectionError(_explain(err)) from None
    return {name: getattr(fixed, name) for name in editable
            if name in raw and getattr(fixed, name) != getattr(record, name)}


def apply_corrections(kind: str, record: BaseModel, corrections: dict[str, Any] | None) -> BaseModel:
    """The record as the reviewer left it: extracted fields overlaid with the corrections."""
    if not corrections:
        return record
    return RECORD_TYPES[kind][1].model_validate({**record.model_dump(), **corrections})
