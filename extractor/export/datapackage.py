"""The documentation written beside every export: a Frictionless Data Package (`datapackage.json`: each exported
file's columns, types, descriptions, allowed values, primary and foreign keys) and the JSON Schema of each record
type (`schemas/<type>.schema.json`, generated from the pydantic models), all stamped with SCHEMA_VERSION.

One folder is one package: exporting several tables into the same folder adds a resource per table (the latest
export of a table replaces its earlier entry), and foreign keys are declared between the tables present, so
`frictionless validate datapackage.json` checks them.

Example:
    >>> from extractor.export.columns import TABLES
    >>> schema = table_schema(TABLES["figures"], present={"figures", "articles"})
    >>> schema["primaryKey"], schema["foreignKeys"][0]["reference"]
    (['id'], {'resource': 'articles', 'fields': ['id']})
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Optional

from extractor import __version__
from extractor.export.columns import SCHEMA_VERSION, TABLES, Column, Table
from extractor.export.filters import ExportError
from extractor.export.formats import MEDIA_TYPES
from extractor.models import Article, Figure, Quote, Region

PACKAGE_NAME = "newsfacts"
DESCRIPTOR = "datapackage.json"
SCHEMAS_DIR = "schemas"
RECORD_MODELS = {"article": Article, "figure": Figure, "quote": Quote, "region": Region}
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n", "header": True}


def field_descriptor(col: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
    if col.type == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    constraints: dict[str, Any] = {}
    # an empty CSV field reads as missing: the columns that are never null are never empty either
    if not col.nullable:
        constraints["required"] = True
    if col.enum:
        constraints["enum"] = list(col.enum)
    if col.pattern:
        constraints["pattern"] = col.pattern.removeprefix("^").removesuffix("$")  # Table Schema anchors it
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table, present: set[str]) -> dict[str, Any]:
    """Frictionless Table Schema of a table; foreign keys only to the tables in `present` (the same package)."""
    schema: dict[str, Any] = {
        "fields": [field_descriptor(c) for c in table.columns],
        "primaryKey": [table.primary_key],
        "missingValues": [""],
    }
    fks = [{"fields": [col], "reference": {"resource": ref, "fields": [ref_col]}}
           for col, (ref, ref_col) in table.foreign_keys.items() if ref in present]
    if fks:
        schema["foreignKeys"] = fks
    return schema


def resource_descriptor(table: Table, path: Path, fmt: str, info: dict[str, Any]) -> dict[str, Any]:
    res: dict[str, Any] = {
        "name": table.name, "title": table.title, "description": table.description, "path": path.name,
        "profile": "tabular-data-resource", "format": fmt, "mediatype": MEDIA_TYPES[fmt], "encoding": "utf-8",
    }
    if fmt == "csv":
        res["dialect"] = dict(CSV_DIALECT)
    res["newsfacts"] = {"schema_version": SCHEMA_VERSION, **info}
    return res


def json_schemas() -> dict[str, dict[str, Any]]:
    """record type -> JSON Schema of its pydantic model, stamped with the schema version."""
    out = {}
    for name, model in RECORD_MODELS.items():
        schema = model.model_json_schema()
        out[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                     "$id": f"{SCHEMAS_DIR}/{name}.schema.json", "version": SCHEMA_VERSION, **schema}
    return out


def check_folder(folder: Path) -> None:
    """Refuse, before anything is written, a folder whose datapackage.json belongs to something else."""
    _load_existing(Path(folder) / DESCRIPTOR)


def _load_existing(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        existing = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ExportError(f"{path}: exists but cannot be read as JSON ({e}); export to another folder") from None
    if not isinstance(existing, dict) or existing.get("name") != PACKAGE_NAME:
        raise ExportError(f"{path}: exists and is not a newsfacts data package; export to another folder")
    return [r for r in existing.get("resources", [])
            if r.get("newsfacts", {}).get("schema_version") == SCHEMA_VERSION and r.get("name") in TABLES
            and (path.parent / str(r.get("path", ""))).is_file()]


def write_package(out: Path, table: Table, fmt: str, info: dict[str, Any]) -> Path:
    """Write (or update) datapackage.json and the JSON Schemas beside the export `out`; return the descriptor's
    path. Resources of other tables already described there stay, unless their file is gone or they were written
    under another schema version."""
    folder = out.parent
    descriptor_path = folder / DESCRIPTOR
    resources = [r for r in _load_existing(descriptor_path) if r["name"] != table.name]
    resources.append(resource_descriptor(table, out, fmt, info))
    resources.sort(key=lambda r: list(TABLES).index(r["name"]))
    present = {r["name"] for r in resources}
    for res in resources:  # foreign keys follow what the folder now holds
        res["schema"] = table_schema(TABLES[res["name"]], present)
    schemas = json_schemas()
    (folder / SCHEMAS_DIR).mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        _write_json(folder / SCHEMAS_DIR / f"{name}.schema.json", schema)
    package = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "newsfacts: figures, quotes and regions extracted from trade news",
        "description": "Records extracted by newsfacts, each with the article and sentence it came from. "
                       "Column descriptions follow the newsfacts data contract (SCHEMA.md).",
        "version": SCHEMA_VERSION,
        "created": _now(),
        "newsfacts": {
            "schema_version": SCHEMA_VERSION,
            "extractor_version": __version__,
            "record_schemas": {name: f"{SCHEMAS_DIR}/{name}.schema.json" for name in schemas},
        },
        "resources": resources,
    }
    _write_json(descriptor_path, package)
    return descriptor_path


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def read_package(folder: Path) -> Optional[dict[str, Any]]:
    path = Path(folder) / DESCRIPTOR
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
