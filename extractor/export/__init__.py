"""Export: the store's tables as clean, documented datasets (CSV, JSON Lines, Parquet) with a Frictionless data
package and JSON Schemas beside them.

Modules, in the order an export flows through them:
    columns.py      every table's columns (names, types, descriptions); SCHEMA_VERSION
    filters.py      --status, --since and --where, checked against the columns; ExportError, FilterError
    reviews.py      which reviews apply (not stale: the record still hashes as reviewed)
    tables.py       the SQL for each table, built from the fixed column lists; reviews applied; typed rows
    formats.py      the CSV, JSON Lines and Parquet writers
    datapackage.py  datapackage.json and schemas/*.schema.json
    run.py          export_table(): one export, start to finish

Example:
    >>> from extractor.export import ExportSettings, export_table
    >>> export_table(ExportSettings(table="figures", out="out/figures.parquet")).rows   # doctest: +SKIP
    120
"""
from extractor.export.columns import SCHEMA_VERSION, TABLES
from extractor.export.filters import ExportError, FilterError
from extractor.export.run import ExportResult, ExportSettings, export_table

__all__ = ["SCHEMA_VERSION", "TABLES", "ExportError", "FilterError", "ExportResult", "ExportSettings",
           "export_table"]
