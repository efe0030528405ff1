"""Writers for CSV, JSON Lines and Parquet: the same columns, in the same order, with the same types.

- CSV: UTF-8 (no BOM), RFC 4180 quoting (a field holding a comma, quote or line break is quoted, quotes doubled),
  CRLF between records, a header row; null is an empty field and an empty string `""`; booleans `true`/`false`;
  numbers in Python's shortest round-trip form (`5.9`, `330000000000.0`), so a float column reads back as float
  and to the same bits.
- JSON Lines: one object per row with keys in column order, UTF-8, null as null; U+2028, U+2029 and U+0085 are
  escaped so that no reader splits a line inside a string.
- Parquet: through pyarrow with an explicit schema (string, int64, float64, bool; non-null columns declared so),
  written in row groups as rows stream in.

Each writer writes to a temporary file beside the target and renames it at the end, so a failed export never
leaves a half-written file behind (nor replaces a good one).

Example:
    >>> from extractor.export.columns import TABLES
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> write_rows(TABLES["articles"], [("a1", None, "T", None, None, "x", None, 1, None, None, None)], "csv", out)
    1
    >>> out.read_text(encoding="utf-8").splitlines()[1]
    'a1,,T,,,x,,1,,,'
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal

from extractor.export.columns import Table

Format = Literal["csv", "jsonl", "parquet"]
FORMATS: dict[str, str] = {"csv": ".csv", "jsonl": ".jsonl", "parquet": ".parquet"}
MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/jsonl", "parquet": "application/vnd.apache.parquet"}

PARQUET_ROW_GROUP = 10_000
# characters some JSON Lines readers take for line ends (str.splitlines does): escaped inside strings
_CSV_SPECIAL = re.compile(r'[,"\r\n]')
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
_LINE_BREAK = re.compile("[\u2028\u2029\u0085]")


@contextmanager
def _atomic(path: Path, mode: str, **kw) -> Iterator[Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        with open(tmp, mode, **kw) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; the export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _csv_cell(value: Any) -> str:
    # null is an empty field and an empty string a quoted one (""), so readers that can tell them apart do
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    text = repr(value) if isinstance(value, float) else str(value)
    if not text or _CSV_SPECIAL.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(table: Table, rows: Iterable[tuple], path: Path) -> int:
    n = 0
    with _atomic(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(_csv_cell(name) for name in table.names) + "\r\n")
        for row in rows:
            fh.write(",".join(_csv_cell(v) for v in row) + "\r\n")
            n += 1
    return n


_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _jsonl_line(names: tuple[str, ...], row: tuple) -> str:
    line = _JSON.encode(dict(zip(names, row)))
    if _LINE_BREAK.search(line):  # only ever inside a string: JSON syntax itself has none of them
        line = _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], line)
    return line + "\n"


def write_jsonl(table: Table, rows: Iterable[tuple], path: Path) -> int:
    n = 0
    with _atomic(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(_jsonl_line(table.names, row))
            n += 1
    return n


def arrow_schema(table: Table, metadata: dict[str, str] | None = None):
    """The pyarrow schema of a table: its columns in order, typed, nullable only where the column may be null."""
    import pyarrow as pa
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
    fields = [pa.field(c.name, types[c.type], nullable=c.nullable, metadata={"description": c.description})
              for c in table.columns]
    return pa.schema(fields, metadata=metadata)


def write_parquet(table: Table, rows: Iterable[tuple], path: Path, metadata: dict[str, str] | None = None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = arrow_schema(table, metadata)
    n = 0

    def flush(writer, batch):
        columns = list(zip(*batch)) if batch else [[] for _ in table.columns]
        writer.write_table(pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema)],
                                                schema=schema))

    with _atomic(path, "wb") as fh:
        with pq.ParquetWriter(fh, schema, compression="zstd") as writer:
            batch: list[tuple] = []
            for row in rows:
                batch.append(row)
                n += 1
                if len(batch) >= PARQUET_ROW_GROUP:
                    flush(writer, batch)
                    batch = []
            if batch or n == 0:
                flush(writer, batch)
    return n


def write_rows(table: Table, rows: Iterable[tuple], fmt: str, path: Path,
               metadata: dict[str, str] | None = None) -> int:
    """Write rows (tuples in the table's column order) to `path` in `fmt`; return how many."""
    path = Path(path)
    if fmt == "csv":
        return write_csv(table, rows, path)
    if fmt == "jsonl":
        return write_jsonl(table, rows, path)
    if fmt == "parquet":
        return write_parquet(table, rows, path, metadata)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
