"""`newsfacts export` from the command line: what it writes, and the exact error for each thing a user can get
wrong (refused before anything is written)."""
from __future__ import annotations

import json
import sqlite3

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.export import TABLES
from extractor.export.formats import write_rows
from extractor.models import Article, Figure, Region
from extractor.store import Store

TEXT = "Chinese exports rose 5.9% in November. Tariffs of 25% on U.S. goods stay."


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "news.db"
    store = Store(path)
    run = store.start_run("extract", ["x"])
    art = Article(id="a1", text=TEXT, title="Trade, \"again\"", published="2025-12-08", figures=[
        Figure(text="5.9%", start=21, end=25, value=5.9, unit="%", metric="exports", reporter="CN", kind="change",
               direction="up", sentence=TEXT[:38]),
        Figure(text="25%", start=50, end=53, value=25.0, unit="%", metric="tariff", partner="US",
               sentence=TEXT[39:]),
    ], regions=[Region(text="Chinese", start=0, end=7, code="CN", name="China", kind="country")])
    store.save_article(art, run)
    store.finish_run(run)
    return path


def run(*args):
    return CliRunner().invoke(main, ["export", *map(str, args)])


def test_writes_the_file_and_its_package(db, tmp_path):
    out = tmp_path / "out" / "obs.parquet"
    result = run("--table", "observations", "--out", out, "--db", db, "--where", "metric=tariff")
    assert result.exit_code == 0, result.output
    assert result.output == (f"wrote 1 observations rows to {out} (parquet), described in "
                             f"{out.parent / 'datapackage.json'}; for what is new next time: --since 1\n")
    rows = pq.read_table(out).to_pylist()
    assert [(r["value"], r["partner"], r["partner_name"], r["status"]) for r in rows] == [
        (25.0, "US", "United States", "pending")]
    package = json.loads((out.parent / "datapackage.json").read_text())
    assert package["resources"][0]["newsfacts"]["filters"]["where"] == ["metric=tariff"]
    assert sorted(p.name for p in (out.parent / "schemas").iterdir()) == [
        "article.schema.json", "figure.schema.json", "quote.schema.json", "region.schema.json"]


@pytest.mark.parametrize("args, message", [
    (["--table", "figures", "--where", "metrc=exports"],
     "Error: --where 'metrc=exports': figures has no field 'metrc'; valid fields: "
     + ", ".join(TABLES["figures"].names)),
    (["--table", "figures", "--where", "metric"],
     "Error: --where 'metric': write FIELD=VALUE (e.g. --where metric=exports); fields of figures: "
     + ", ".join(TABLES["figures"].names)),
    (["--table", "figures", "--where", "forecast=maybe"],
     "Error: --where forecast=maybe: 'maybe' is not true or false (forecast is a boolean column of figures: true "
     "for a forecast, expectation, estimate, target or projection)"),
    (["--table", "quotes", "--where", "speaker_start=ten"],
     "Error: --where speaker_start=ten: 'ten' is not a whole number (speaker_start is a integer column of quotes: "
     "offset of the speaker mention the quote is attached to)"),
    (["--table", "observations", "--where", "period=Nov 2025"],
     "Error: --where period=Nov 2025: 'Nov 2025' does not match "
     r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?(/\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?)?$ (period is a string column "
     "of observations: period covered: 2025-11, 2025-Q3, 2025-H1, 2025, or a range 2025-01/2025-11)"),
    (["--table", "articles", "--status", "accepted"],
     "Error: --status accepted: articles rows have no review status; drop --status or export observations, "
     "figures, quotes or regions"),
    (["--table", "figures", "--since", "7"],
     "Error: --since 7: no run 7 in {db} (its runs go up to 1); `newsfacts export` prints the run to pass"),
    (["--table", "figures", "--since", "last week"],
     "Error: --since 'last week': give a run id (e.g. 12), a date (2025-12-01) or an ISO 8601 datetime "
     "(2025-12-01T08:00:00Z)"),
    (["--table", "figures", "--since", "2025-13-01"],
     "Error: --since '2025-13-01': not a date (month must be in 1..12)"),
    (["--table", "figures", "--since", "1", "--since-on", "published"],
     "Error: --since 1 is a run id; --since-on published needs a date"),
])
def test_bad_requests_are_refused_by_name(db, tmp_path, args, message):
    out = tmp_path / "out" / "x.csv"
    result = run(*args, "--out", out, "--db", db)
    assert result.exit_code == 1
    assert result.output.strip() == message.replace("{db}", str(db))
    assert not out.parent.exists()  # nothing written


def test_format_and_file_name_must_agree(db, tmp_path):
    result = run("--table", "figures", "--format", "csv", "--out", tmp_path / "f.parquet", "--db", db)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: --out {tmp_path / 'f.parquet'} ends in .parquet but --format is csv: "
                                     f"make them agree")
    result = run("--table", "figures", "--out", tmp_path / "figures.txt", "--db", db)
    assert result.output.strip() == (f"Error: --out {tmp_path / 'figures.txt'}: cannot tell the format from the "
                                     f"name; add --format csv|jsonl|parquet or end the name in .csv, .jsonl, "
                                     f".parquet")
    result = run("--table", "figures", "--format", "jsonl", "--out", tmp_path / "figures.txt", "--db", db)
    assert result.exit_code == 0 and json.loads((tmp_path / "figures.txt").read_text().splitlines()[0])["id"]


def test_missing_database_is_not_created(tmp_path):
    missing = tmp_path / "nope.db"
    result = run("--table", "figures", "--out", tmp_path / "f.csv", "--db", missing)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {missing}: no such database; create it with `newsfacts extract ... "
                                     f"--db {missing}` or pass --db")
    assert not missing.exists()


def test_not_a_newsfacts_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table dogs (name text)").connection.close()
    result = run("--table", "quotes", "--out", tmp_path / "q.csv", "--db", other)
    assert result.output.strip() == "Error: the database has no quotes table: is it a newsfacts database?"


def test_foreign_datapackage_is_left_alone(db, tmp_path):
    (tmp_path / "datapackage.json").write_text('{"name": "someone-else", "resources": []}')
    result = run("--table", "figures", "--out", tmp_path / "f.csv", "--db", db)
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {tmp_path / 'datapackage.json'}: exists and is not a newsfacts data "
                                     f"package; export to another folder")
    assert not (tmp_path / "f.csv").exists()
    assert json.loads((tmp_path / "datapackage.json").read_text())["name"] == "someone-else"


def test_bad_corrections_json_is_named(db, tmp_path):
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("create table reviews (record_id text primary key, record_type text, article_id text, "
                     "status text, corrections text, reviewer text, reviewed_at text, record_hash text, "
                     "stale integer)")
        conn.execute("insert into reviews values ('a1/figure/21-25', 'figure', 'a1', 'accepted', '{value: 6', "
                     "'x', '2025-01-01', 'h', 0)")
    conn.close()
    result = run("--table", "observations", "--out", tmp_path / "o.csv", "--db", db)
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: reviews: the corrections of 'a1/figure/21-25' are not JSON; fix or redo "
                                     "that review")
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_failed_write_leaves_the_old_file(tmp_path, fmt):
    out = tmp_path / f"articles.{fmt}"
    out.write_bytes(b"the previous export")
    row = ("a1", None, "T", None, None, "text", None, 1, None, None, None)

    def rows():
        yield row
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_rows(TABLES["articles"], rows(), fmt, out)
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no half-written temporary file left


def test_folder_package_keeps_every_table(db, tmp_path):
    for table, name in [("articles", "articles.csv"), ("figures", "figures.jsonl"), ("figures", "figures.csv")]:
        assert run("--table", table, "--out", tmp_path / name, "--db", db).exit_code == 0
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert [(r["name"], r["path"]) for r in package["resources"]] == [("figures", "figures.csv"),
                                                                      ("articles", "articles.csv")]
    fks = package["resources"][0]["schema"]["foreignKeys"]
    assert fks == [{"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["id"]}}]
    (tmp_path / "articles.csv").unlink()  # a file that is gone drops out, with the keys pointing at it
    assert run("--table", "figures", "--out", tmp_path / "figures.csv", "--db", db).exit_code == 0
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == ["figures"]
    assert "foreignKeys" not in package["resources"][0]["schema"]


def test_next_since_stops_before_a_run_in_progress(db, tmp_path):
    store = Store(db)
    store.start_run("extract", ["still going"])  # never finished: it may store more after this export
    result = run("--table", "figures", "--out", tmp_path / "f.csv", "--db", db)
    assert result.exit_code == 0 and result.output.endswith("for what is new next time: --since 1\n")
    assert run("--table", "figures", "--out", tmp_path / "f.csv", "--db", db, "--since", "2").exit_code == 0


def test_reviews_made_by_the_review_stage(db, tmp_path):
    # the reviews table as `newsfacts review` writes it, not a copy of its layout
    from extractor.review.storage import ReviewStore
    reviews = ReviewStore(db)
    reviews.decide("a1/figure/21-25", "correct", "ann", {"value": "6.1", "direction": "", "forecast": "true"})
    reviews.decide("a1/figure/50-53", "reject", "ann")
    reviews.decide("a1/region/0-7", "accept", "ann")
    reviews.close()
    out = tmp_path / "obs.jsonl"
    assert run("--table", "observations", "--out", out, "--db", db, "--status", "all").exit_code == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["value"], r["direction"], r["forecast"], r["status"]) for r in rows] == [
        (6.1, None, True, "accepted"), (25.0, None, False, "rejected")]
    assert run("--table", "regions", "--out", tmp_path / "r.csv", "--db", db, "--status", "accepted").exit_code == 0
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",accepted")
