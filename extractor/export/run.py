"""One export, start to finish: check the request, stream the rows, write the file and its data package.

Everything a user can get wrong (table, format, output path, filters, database) is checked before any row is
read, and the file appears only once it is complete.

Example:
    >>> settings = ExportSettings(table="observations", format="csv", out="out/observations.csv",
    ...                           db="newsfacts.db", where=["metric=exports"])
    >>> result = export_table(settings)                                    # doctest: +SKIP
    >>> result.rows, result.package.name                                  # doctest: +SKIP
    (41, 'datapackage.json')
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from extractor import __version__
from extractor.export import tables
from extractor.export.columns import SCHEMA_VERSION, TABLES
from extractor.export.datapackage import DESCRIPTOR, SCHEMAS_DIR, check_folder, write_package
from extractor.export.filters import (
    ExportError, FilterError, SinceField, check_status, parse_since, parse_where, table_of,
)
from extractor.export.formats import FORMATS, write_rows

DEFAULT_DB = "newsfacts.db"


class ExportSettings(BaseModel):
    """What to export and where; `format` may be left out when `out` ends in .csv, .jsonl or .parquet."""

    model_config = ConfigDict(extra="forbid")

    table: str
    out: Path
    format: Optional[str] = None
    db: Path = Path(DEFAULT_DB)
    status: Optional[str] = None  # accepted, unrejected (default for records) or all
    since: Optional[str] = None  # a run id, or an ISO date/datetime
    since_on: SinceField = "extracted_at"
    where: list[str] = Field(default_factory=list)


class ExportResult(BaseModel):
    table: str
    format: str
    path: Path
    package: Path
    rows: int
    latest_run: Optional[int]

    def summary(self) -> str:
        nxt = f"; for what is new next time: --since {self.latest_run}" if self.latest_run is not None else ""
        return (f"wrote {self.rows} {self.table} rows to {self.path} ({self.format}), described in "
                f"{self.package}{nxt}")


def resolve_format(out: Path, fmt: Optional[str]) -> str:
    by_suffix = next((f for f, suffix in FORMATS.items() if out.name.lower().endswith(suffix)), None)
    if fmt is None:
        if by_suffix is None:
            raise ExportError(f"--out {out}: cannot tell the format from the name; add --format "
                              f"{'|'.join(FORMATS)} or end the name in {', '.join(FORMATS.values())}")
        return by_suffix
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if by_suffix is not None and by_suffix != fmt:
        raise ExportError(f"--out {out} ends in {FORMATS[by_suffix]} but --format is {fmt}: make them agree")
    return fmt


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise ExportError(f"--out {out}: is a folder; give a file name such as {out / 'observations.csv'}")
    if out.name == DESCRIPTOR or out.parent.name == SCHEMAS_DIR:
        raise ExportError(f"--out {out}: {DESCRIPTOR} and {SCHEMAS_DIR}/ are kept for the data package's own "
                          f"description; choose another name")
    check_folder(out.parent)


def export_table(settings: ExportSettings) -> ExportResult:
    """Export one table to one file, with datapackage.json and the record JSON Schemas beside it."""
    spec = table_of(settings.table)
    fmt = resolve_format(settings.out, settings.format)
    _check_out(settings.out)
    status = check_status(spec.name, settings.status)
    where = parse_where(spec.name, settings.where)
    since = parse_since(settings.since)
    if since is not None and since.kind == "run" and settings.since_on == "published":
        raise FilterError(f"--since {settings.since} is a run id; --since-on published needs a date")
    conn = tables.open_db(settings.db)
    try:
        if since is not None and since.kind == "run":
            tables.check_run(conn, since.value, settings.db)
        latest = tables.latest_run(conn)
        rows = tables.iter_rows(conn, spec.name, status=status, since=since, since_on=settings.since_on,
                                where=where)
        meta = {"newsfacts.schema_version": SCHEMA_VERSION, "newsfacts.table": spec.name}
        n = write_rows(spec, rows, fmt, settings.out, metadata=meta)
    finally:
        conn.close()
    info = {"rows": n, "extractor_version": __version__, "latest_run": latest,
            "filters": {"status": status, "since": settings.since,
                        "since_on": settings.since_on if since else None, "where": list(settings.where)}}
    package = write_package(settings.out, spec, fmt, info)
    return ExportResult(table=spec.name, format=fmt, path=settings.out, package=package, rows=n, latest_run=latest)


__all__ = ["ExportSettings", "ExportResult", "export_table", "resolve_format", "TABLES"]
