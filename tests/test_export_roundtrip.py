"""Every table, in every format, reads back with pandas and with pyarrow to exactly the rows and types in the
database (reviews applied): unicode, embedded quotes, commas, CR/LF and U+2028 included. The data packages
validate with frictionless, foreign keys and all.

The database is a real SQLite file built by Store from real extraction (Extractor fast mode) of articles written
here; quotes are added by hand (fast mode finds none) so that the quotes table has rows with awkward text too.
"""
from __future__ import annotations

import json
import math
import sqlite3
import typing

import frictionless
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq
import pytest

from extractor.export import ExportSettings, export_table
from extractor.models import Article, Figure, Quote, Region
from extractor.regions import gazetteer
from extractor.review.records import model_from_row, record_hash
from extractor.store import Store

ARTICLES = [
    dict(id="a1", url="https://example.com/news/a1?x=1,2", title='Exports "surge", naïve café\r\nsecond line',
         published="2025-12-08", publisher="Trade Daily",
         text='Chinese exports rose 5.9% in November from a year earlier, to $330 billion.\n'
              'Japan\'s trade deficit narrowed to ¥1.2 trillion 🚢, the ministry said.\u2028'
              'Exports to the European Union rose 4.1%, a "record" for "Q4", per Zoë.'),
    dict(id="a/2 ü", url=None, title="", published=None, publisher="Le Monde, Économie",
         text="La France: exports to Germany fell 2.5% in October,\n\"sharply\".\n\nImports from China rose 12%."),
]
LATER = dict(id="a3", url="https://example.com/a3", title="null", published="2026-01-05", publisher="NA",
             text="The United States raised tariffs on Canadian steel to 25%.")

QUOTES = {  # article id -> (quoted words, speaker, title, organization)
    "a1": ('a "record" for "Q4"', 'Zoë "Z" Müller', "chief economist,\nEurope", None),
    "a/2 ü": ("sharply", "Ministère", None, ""),
}

REVIEWS_DDL = """create table reviews (record_id text primary key, record_type text, article_id text, status text,
    corrections text, reviewer text, reviewed_at text, record_hash text, stale integer)"""

MODELS = {"figures": Figure, "quotes": Quote, "regions": Region}
KIND = {"figures": "figure", "quotes": "quote", "regions": "region"}
OBSERVATION_COLUMNS = [
    "id", "article_id", "url", "title", "publisher", "published", "reporter", "reporter_name", "partner",
    "partner_name", "metric", "period", "value", "unit", "qualifier", "direction", "kind", "basis", "forecast",
    "record", "status", "text", "sentence",
]
ARTICLE_COLUMNS = ["id", "url", "title", "published", "publisher", "text", "source", "run_id", "extracted_at",
                   "extractor_version", "patterns_version"]
SPAN_FIELDS = {"text", "start", "end", "sentence", "pattern_id", "extractor_version", "patterns_version"}


def _with_quote(article: Article) -> Article:
    words, speaker, title, org = QUOTES[article.id]
    start = article.text.index(words)
    quote = Quote(text=words, start=start, end=start + len(words), kind="direct", speaker=speaker, title=title,
                  organization=org, cue="per", speaker_start=None, speaker_end=None,
                  sentence=article.text[max(0, start - 20):start + len(words)], pattern_id="test-quote")
    return article.model_copy(update={"quotes": [quote]})


@pytest.fixture(scope="module")
def db(tmp_path_factory, fast_extractor):
    path = tmp_path_factory.mktemp("export") / "news.db"
    store = Store(path)
    run = store.start_run("extract", ["test"], mode="fast")
    for data in ARTICLES:
        store.save_article(_with_quote(fast_extractor.extract(Article(**data))), run, source="test.jsonl:1")
    store.finish_run(run)
    # the first run happened long ago: --since DATE must tell it from the second
    store.db.execute("update articles set extracted_at = '2025-01-01T00:00:00+00:00'")
    store.db.conn.commit()
    run2 = store.start_run("extract", ["later"], mode="fast")
    store.save_article(fast_extractor.extract(Article(**LATER)), run2)
    store.finish_run(run2)
    figures = [r["id"] for r in store.db.query("select id from figures where article_id = 'a1' order by start")]
    regions = [r["id"] for r in store.db.query("select id from regions where article_id = 'a1' order by start")]
    quotes = [r["id"] for r in store.db.query("select id from quotes order by article_id desc")]
    assert len(figures) >= 3 and len(regions) >= 2, "extraction found too little to test reviews on"
    reviews = [  # record, type, article, status, corrections, reviewed_at, stale, hash (None: the record's own)
        (figures[0], "figure", "a1", "accepted",
         {"value": 6.1, "direction": None, "forecast": True, "reporter": "JP", "period": "2025-10"}, "2025-01-02"),
        (figures[1], "figure", "a1", "rejected", None, "2025-01-02"),
        (figures[2], "figure", "a1", "rejected", {"value": 1.0}, "2025-01-02", 1),  # flagged stale: pending
        (quotes[0], "quote", "a1", "accepted", {"speaker": "Zoë “Z” Müller, Jr."}, "2025-07-01T09:00:00+00:00"),
        # the record changed after this review and nobody has flagged it yet: pending all the same
        (quotes[1], "quote", "a/2 ü", "rejected", None, "2025-01-02", 0, "0123456789abcdef"),
        (regions[0], "region", "a1", "rejected", None, "2025-01-02"),
        (regions[1], "region", "a1", "accepted", {"code": "EU", "name": "European Union", "kind": "bloc"},
         "2025-01-02"),
    ]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(REVIEWS_DDL)
        for rid, rtype, aid, status, corr, when, *rest in reviews:
            stale, hashed = (rest + [0, None])[:2]
            conn.execute("insert into reviews values (?, ?, ?, ?, ?, 'tester', ?, ?, ?)",
                         [rid, rtype, aid, status, json.dumps(corr) if corr is not None else None, when,
                          hashed or _hash(conn, rtype, rid), stale])
    conn.close()
    return path


def _hash(conn, kind, record_id):
    # what the review stage stores with a review: the hash of the record as the reviewer saw it
    cur = conn.execute(f"select * from {kind}s where id = ?", [record_id])
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    return record_hash(model_from_row(kind, row))


# the expected rows, computed here from the raw tables (independently of extractor.export) ----------------------

def _base_type(model, name):
    ann = model.model_fields[name].annotation
    if typing.get_origin(ann) is typing.Union:
        ann = next(a for a in typing.get_args(ann) if a is not type(None))
    return str if typing.get_origin(ann) is typing.Literal else ann


def _typed(value, kind):
    return None if value is None else kind(value)


def expected_rows(path, table: str, status: str = "unrejected") -> tuple[list[str], list[tuple]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    articles = {r["id"]: dict(r) for r in conn.execute("select * from articles")}
    if table == "articles":
        rows = [tuple(_typed(r[c], int if c == "run_id" else str) for c in ARTICLE_COLUMNS)
                for r in sorted(articles.values(), key=lambda r: r["id"])]
        rows = [tuple(None if v == "" else v for v in row) for row in rows]  # empty text is exported as null
        return ARTICLE_COLUMNS, rows
    source = "figures" if table == "observations" else table
    model = MODELS[source]
    reviews = {r["record_id"]: dict(r) for r in conn.execute("select * from reviews where stale = 0")
               if r["record_hash"] == _hash(conn, r["record_type"], r["record_id"])}
    out = []
    for rec in conn.execute(f"select * from {source} order by article_id, start, \"end\", id"):
        rec = dict(rec)
        review = reviews.get(rec["id"])
        rec["status"] = review["status"] if review else "pending"
        for name, value in json.loads((review or {}).get("corrections") or "{}").items():
            if name not in SPAN_FIELDS:
                rec[name] = value
        for name in model.model_fields:
            rec[name] = _typed(rec[name], _base_type(model, name))
            if rec[name] == "":
                rec[name] = None
        keep = {"all": True, "accepted": rec["status"] == "accepted", "unrejected": rec["status"] != "rejected"}
        if not keep[status]:
            continue
        out.append(rec)
    if table == "observations":
        names = {code: info.name for code, info in gazetteer().items()}
        rows = []
        for rec in out:
            art = {k: (articles[rec["article_id"]][k] or None) for k in ("url", "title", "publisher", "published")}
            rec.update(art, reporter_name=names.get(rec["reporter"]), partner_name=names.get(rec["partner"]))
            rows.append(tuple(rec[c] for c in OBSERVATION_COLUMNS))
        return OBSERVATION_COLUMNS, rows
    columns = ["id", "article_id", *model.model_fields, "run_id", "status"]
    return columns, [tuple(rec[c] for c in columns) for rec in out]


# readers: what a downstream user does, told the types by datapackage.json ------------------------------------

PANDAS = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


def _fields(folder, table):
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == table)
    return resource["schema"]["fields"]


def read_pandas(path, fmt, fields) -> pd.DataFrame:
    dtypes = {f["name"]: PANDAS[f["type"]] for f in fields}
    if fmt == "csv":
        # an empty field is null (missingValues); required fields are never empty
        required = {f["name"] for f in fields if f.get("constraints", {}).get("required")}
        na = {f["name"]: [""] for f in fields if f["name"] not in required}
        return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=na, encoding="utf-8")
    if fmt == "jsonl":
        return pd.read_json(path, lines=True, dtype=False, encoding="utf-8").astype(dtypes)
    return pd.read_parquet(path, dtype_backend="numpy_nullable")


def read_arrow(path, fmt, fields) -> pa.Table:
    schema = pa.schema([pa.field(f["name"], ARROW[f["type"]]) for f in fields])
    if fmt == "csv":
        return pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                              convert_options=pacsv.ConvertOptions(
                                  column_types=schema, null_values=[""], strings_can_be_null=True,
                                  quoted_strings_can_be_null=False,
                                  true_values=["true"], false_values=["false"]))
    if fmt == "jsonl":
        return pajson.read_json(path, parse_options=pajson.ParseOptions(explicit_schema=schema,
                                                                        newlines_in_values=False))
    return pq.read_table(path)


def frame_rows(df: pd.DataFrame) -> list[tuple]:
    def plain(v):
        if v is pd.NA or v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        return v.item() if hasattr(v, "item") else v
    return [tuple(plain(v) for v in row) for row in df.itertuples(index=False, name=None)]


def check_pandas_types(df: pd.DataFrame, fields) -> None:
    test = {"string": pd.api.types.is_string_dtype, "integer": pd.api.types.is_integer_dtype,
            "number": pd.api.types.is_float_dtype, "boolean": pd.api.types.is_bool_dtype}
    for f in fields:
        assert test[f["type"]](df[f["name"]].dtype), (f["name"], f["type"], df[f["name"]].dtype)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("table", ["observations", "figures", "quotes", "regions", "articles"])
def test_round_trip(db, tmp_path, table, fmt):
    status = None if table == "articles" else "all"
    out = tmp_path / f"{table}.{fmt}"
    result = export_table(ExportSettings(table=table, format=fmt, out=out, db=db, status=status))
    columns, rows = expected_rows(db, table, status or "all")
    assert result.rows == len(rows) > 0
    fields = _fields(tmp_path, table)
    assert [f["name"] for f in fields] == columns

    df = read_pandas(out, fmt, fields)
    assert list(df.columns) == columns
    check_pandas_types(df, fields)
    assert frame_rows(df) == rows

    arrow = read_arrow(out, fmt, fields)
    assert arrow.column_names == columns
    assert [arrow.schema.field(c).type for c in columns] == [ARROW[f["type"]] for f in fields]
    assert [tuple(r[c] for c in columns) for r in arrow.to_pylist()] == rows


def test_the_awkward_text_survives(db, tmp_path):
    # the fixture must really hold what the round trip claims to carry
    export_table(ExportSettings(table="articles", out=tmp_path / "a.csv", db=db))
    _, rows = expected_rows(db, "articles")
    text = "".join(str(v) for row in rows for v in row)
    for needle in ('"', ",", "\r\n", "\n", "\u2028", "🚢", "é", "¥"):
        assert needle in text, needle
    raw = (tmp_path / "a.csv").read_bytes()
    assert b'"Exports ""surge"", na\xc3\xafve caf\xc3\xa9\r\nsecond line"' in raw
    _, quotes = expected_rows(db, "quotes")
    assert any("\n" in str(v) for row in quotes for v in row)


def test_reviews_are_applied(db, tmp_path):
    out = tmp_path / "obs.jsonl"
    export_table(ExportSettings(table="observations", out=out, db=db, status="all"))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_status = {}
    for r in rows:
        by_status.setdefault(r["status"], []).append(r)
    corrected = next(r for r in rows if r["value"] == 6.1)
    assert corrected["status"] == "accepted" and corrected["forecast"] is True and corrected["direction"] is None
    assert (corrected["reporter"], corrected["reporter_name"], corrected["period"]) == ("JP", "Japan", "2025-10")
    assert len(by_status["rejected"]) == 1
    assert all(r["value"] != 1.0 for r in rows)  # the stale review's correction is not applied
    quotes = tmp_path / "quotes.jsonl"
    export_table(ExportSettings(table="quotes", out=quotes, db=db, status="all"))
    # the rejection whose record has changed since (hash differs, flag not yet set) no longer applies
    assert [json.loads(x)["status"] for x in quotes.read_text(encoding="utf-8").splitlines()] == ["pending",
                                                                                                   "accepted"]
    default = tmp_path / "default.jsonl"
    export_table(ExportSettings(table="observations", out=default, db=db))
    kept = [json.loads(line) for line in default.read_text(encoding="utf-8").splitlines()]
    assert len(kept) == len(rows) - 1 and {r["status"] for r in kept} == {"accepted", "pending"}
    accepted = tmp_path / "accepted.jsonl"
    export_table(ExportSettings(table="observations", out=accepted, db=db, status="accepted"))
    assert [json.loads(line)["id"] for line in accepted.read_text().splitlines()] == [corrected["id"]]


def test_region_correction_and_rejection(db, tmp_path):
    out = tmp_path / "regions.parquet"
    export_table(ExportSettings(table="regions", out=out, db=db))
    got = pq.read_table(out).to_pylist()
    assert all(r["status"] != "rejected" for r in got)
    eu = [r for r in got if r["status"] == "accepted"]
    assert len(eu) == 1 and (eu[0]["code"], eu[0]["name"], eu[0]["kind"]) == ("EU", "European Union", "bloc")


TABLE_NAMES = ["observations", "figures", "quotes", "regions", "articles"]


def _export_all(db, folder, fmt):
    for table in TABLE_NAMES:
        export_table(ExportSettings(table=table, out=folder / f"{table}.{fmt}", db=db, status="all"))
    return folder / "datapackage.json"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_data_package_validates(db, tmp_path, fmt):
    report = frictionless.validate(_export_all(db, tmp_path, fmt))
    assert report.valid, report.flatten(["type", "note"])
    assert [t.stats["rows"] for t in report.tasks] == [len(expected_rows(db, t, "all")[1]) for t in TABLE_NAMES]


def test_parquet_data_package_validates(db, tmp_path):
    package = _export_all(db, tmp_path, "parquet")
    assert frictionless.Package.validate_descriptor(json.loads(package.read_text())).valid
    report = frictionless.validate(package)
    # frictionless reads Parquet through pandas, where a null in an integer column becomes NaN; any other
    # complaint, or one about a cell that is not null in the file, is a real error
    for task in report.tasks:
        table = pq.read_table(tmp_path / f"{task.name}.parquet").to_pylist()
        for err in task.errors:
            assert err.type == "type-error" and err.cell == "nan", (task.name, err.type, err.note)
            assert table[err.row_number - 2][err.field_name] is None
    assert [t.stats["rows"] for t in report.tasks] == [len(expected_rows(db, t, "all")[1]) for t in TABLE_NAMES]


def test_validation_catches_a_broken_foreign_key(db, tmp_path):
    # proof that the package's keys are checked: figures whose article is not in the articles file
    export_table(ExportSettings(table="figures", out=tmp_path / "figures.csv", db=db))
    export_table(ExportSettings(table="articles", out=tmp_path / "articles.csv", db=db, where=["id=a3"]))
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert not report.valid
    assert {e[0] for e in report.flatten(["type"])} == {"foreign-key"}


def test_since_run_and_date(db, tmp_path):
    first = export_table(ExportSettings(table="figures", out=tmp_path / "all.csv", db=db))
    assert first.latest_run == 2
    new = export_table(ExportSettings(table="observations", out=tmp_path / "new.jsonl", db=db, since="1"))
    rows = [json.loads(line) for line in (tmp_path / "new.jsonl").read_text().splitlines()]
    assert new.rows == len(rows) > 0 and {r["article_id"] for r in rows} == {"a3"}
    # by date: a3 was extracted now; the quote reviewed on 2025-07-01 is news too
    export_table(ExportSettings(table="quotes", out=tmp_path / "q.jsonl", db=db, since="2025-06-01"))
    quotes = [json.loads(line) for line in (tmp_path / "q.jsonl").read_text().splitlines()]
    assert [q["speaker"] for q in quotes] == ["Zoë “Z” Müller, Jr."]
    export_table(ExportSettings(table="articles", out=tmp_path / "a.jsonl", db=db, since="2025-06-01T00:00:00Z"))
    assert [json.loads(x)["id"] for x in (tmp_path / "a.jsonl").read_text().splitlines()] == ["a3"]
    export_table(ExportSettings(table="articles", out=tmp_path / "p.jsonl", db=db, since="2025-12-01",
                                since_on="published"))
    assert [json.loads(x)["id"] for x in (tmp_path / "p.jsonl").read_text().splitlines()] == ["a1", "a3"]
    nothing = export_table(ExportSettings(table="figures", out=tmp_path / "none.parquet", db=db, since="2"))
    assert nothing.rows == 0 and pq.read_table(tmp_path / "none.parquet").num_rows == 0


def test_where_filters_on_corrected_values(db, tmp_path):
    def ids(**kw):
        out = tmp_path / "w.jsonl"
        export_table(ExportSettings(table="observations", out=out, db=db, status="all", **kw))
        return [json.loads(x) for x in out.read_text().splitlines()]
    every = ids()
    jp = ids(where=["reporter=JP"])
    assert jp == [r for r in every if r["reporter"] == "JP"] and 6.1 in [r["value"] for r in jp]
    assert 6.1 not in [r["value"] for r in ids(where=["reporter=CN"])]  # corrected from CN by the review
    no_partner = ids(where=["partner="])
    assert no_partner and all(r["partner"] is None for r in no_partner)
    assert len(no_partner) == sum(r["partner"] is None for r in every)
    either = ids(where=["metric=exports", "metric=imports", "status=pending"])
    assert either and all(r["metric"] in ("exports", "imports") and r["status"] == "pending" for r in either)
    assert len(either) == sum(r["metric"] in ("exports", "imports") and r["status"] == "pending" for r in every)
    assert [r["value"] for r in ids(where=["forecast=true"])] == [6.1]


def test_where_values_are_data_not_sql(db, tmp_path):
    out = tmp_path / "a.jsonl"
    export_table(ExportSettings(table="articles", out=out, db=db, where=[f"title={ARTICLES[0]['title']}"]))
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a1"]
    for hostile in ("a1' or '1'='1", 'a1" or "1"="1', "a1'; drop table articles; --"):
        result = export_table(ExportSettings(table="articles", out=out, db=db, where=[f"id={hostile}"]))
        assert result.rows == 0
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] == 3
