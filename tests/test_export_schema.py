"""The export's schema: versioned, complete, in step with the store and the pydantic models; and any text at all
survives the CSV and JSON Lines writers."""
from __future__ import annotations

import io
import json

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.export.columns import SCHEMA_VERSION, TABLES, fingerprint
from extractor.export.datapackage import json_schemas, table_schema
from extractor.export.formats import write_rows
from extractor.models import METRICS, Figure, Quote, Region
from extractor.store import Store

# the shape each schema version stands for: change the columns, bump SCHEMA_VERSION and add its line here
FINGERPRINTS = {"1.0.0": "0668930bbb3d9731"}


def test_schema_changes_come_with_a_new_version():
    assert fingerprint() == FINGERPRINTS.get(SCHEMA_VERSION), (
        f"the exported columns changed (fingerprint {fingerprint()}): bump SCHEMA_VERSION in "
        f"extractor/export/columns.py and add the new fingerprint to FINGERPRINTS")


def test_record_tables_follow_the_store():
    store = Store(":memory:")
    for name in ("figures", "quotes", "regions", "articles"):
        stored = [c.name for c in store.db[name].columns]
        exported = [c for c in TABLES[name].names if c != "status"]
        assert exported == stored, name


def test_every_column_is_described_and_typed():
    for table in TABLES.values():
        for col in table.columns:
            assert len(col.description) > 10, (table.name, col.name)
            assert col.type in ("string", "integer", "number", "boolean")
    assert TABLES["observations"].column("metric").enum == METRICS
    assert TABLES["figures"].column("forecast").type == "boolean"
    assert TABLES["figures"].column("value").type == "number"


def test_table_schema_keys():
    obs = table_schema(TABLES["observations"], present={"observations", "figures", "articles"})
    assert obs["primaryKey"] == ["id"]
    assert obs["foreignKeys"] == [
        {"fields": ["id"], "reference": {"resource": "figures", "fields": ["id"]}},
        {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["id"]}}]
    alone = table_schema(TABLES["observations"], present={"observations"})
    assert "foreignKeys" not in alone
    required = {f["name"] for f in obs["fields"] if f.get("constraints", {}).get("required")}
    assert {"id", "article_id", "metric", "value", "forecast", "status"} <= required
    assert not required & {"reporter", "title", "sentence", "period"}


def test_json_schemas_check_records():
    schemas = json_schemas()
    assert set(schemas) == {"article", "figure", "quote", "region"}
    assert all(s["version"] == SCHEMA_VERSION for s in schemas.values())
    good = Figure(text="5.9%", start=0, end=4, value=5.9, unit="%", metric="exports", forecast=True)
    jsonschema.validate(good.model_dump(), schemas["figure"])
    with pytest.raises(jsonschema.ValidationError, match="'export' is not one of"):
        jsonschema.validate({**good.model_dump(), "metric": "export"}, schemas["figure"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good.model_dump(), "period": "Nov 2025"}, schemas["figure"])
    quote = Quote(text="x", start=0, end=1, kind="direct", speaker="Zoë", cue="said")
    jsonschema.validate(quote.model_dump(), schemas["quote"])
    region = Region(text="EU", start=0, end=2, code="EU", name="European Union", kind="bloc")
    jsonschema.validate(region.model_dump(), schemas["region"])
    article = {"id": "a1", "text": "EU", "regions": [region.model_dump()], "figures": [], "quotes": []}
    jsonschema.validate(article, schemas["article"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**article, "regions": [{**region.model_dump(), "kind": "city"}]}, schemas["article"])


# any text survives the writers -------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ROW = st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10),
                st.none() | TEXT, st.none() | TEXT, st.integers(-2**62, 2**62) | st.none())


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(ROW, max_size=5, unique_by=lambda r: r[0]))
def test_any_text_round_trips(tmp_path_factory, rows):
    table = TABLES["articles"]
    # id, title, text, run_id in the articles table's shape; empty text is exported as null (run through the
    # same rule the SQL applies)
    full = [(i, None, t or None, None, None, x or None, None, r, None, None, None) for i, t, x, r in rows]
    folder = tmp_path_factory.mktemp("prop")
    write_rows(table, full, "csv", folder / "a.csv")
    write_rows(table, full, "jsonl", folder / "a.jsonl")
    names = list(table.names)
    types = {n: pa.int64() if n == "run_id" else pa.string() for n in names}
    got = pacsv.read_csv(folder / "a.csv", parse_options=pacsv.ParseOptions(newlines_in_values=True),
                         convert_options=pacsv.ConvertOptions(column_types=types, null_values=[""],
                                                              strings_can_be_null=True,
                                                              quoted_strings_can_be_null=False))
    assert [tuple(r[n] for n in names) for r in got.to_pylist()] == full
    dtypes = {n: "Int64" if n == "run_id" else "string" for n in names}
    df = pd.read_csv(folder / "a.csv", dtype=dtypes, keep_default_na=False,
                     na_values={n: [""] for n in names if n != "id"}, encoding="utf-8")
    assert [tuple(None if v is pd.NA else v for v in r) for r in df.itertuples(index=False, name=None)] == full
    lines = (folder / "a.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and all("\u2028" not in x and "\r" not in x for x in lines)
    assert [tuple(json.loads(x).values()) for x in lines[:-1]] == full
    # pandas' JSON reader takes an integer column with nulls through float: exact up to 2**53, beyond any offset
    # or run id (the CSV and pyarrow readers above are exact over all of int64)
    if full and all(r[7] is None or abs(r[7]) <= 2**53 for r in full):
        back = pd.read_json(io.StringIO((folder / "a.jsonl").read_text(encoding="utf-8")), lines=True,
                            dtype=False).astype(dtypes)
        assert [tuple(None if v is pd.NA else v for v in r) for r in back.itertuples(index=False, name=None)] == full
