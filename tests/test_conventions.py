"""Conventions where gold sets disagree: SCHEMA.md's by default, NewsQuant's and PolNeAR's on request, through
the library, `extract`, `batch` (worker processes) and the runs table."""
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.batch import BatchSettings, run_batch
from extractor.conventions import Conventions
from extractor.extract import Extractor

RANGE = "Analysts expect the shares to be priced between $41 and $47 each, and the index fell from 2.5% to 2.1%."
RUN = ('"Orders held up better than we feared," Dana Whitfield, the chief executive of Norland Foods, said. '
       '"We still expect a slower second half."')


def values(article):
    return sorted(f.value for f in article.figures)


def test_defaults_are_schema_md():
    assert Conventions().model_dump() == {"range_ends": "both", "quote_runs": "split"}
    assert Conventions(range_ends="both", quote_runs="split") == Conventions() != Conventions(range_ends="first")
    with pytest.raises(ValidationError):
        Conventions(range_ends="last")


def test_range_ends(fast_extractor):
    assert values(fast_extractor.extract_text(RANGE)) == [2.1, 2.5, 41.0, 47.0]
    first = Extractor(mode="fast", conventions=Conventions(range_ends="first"))
    assert values(first.extract_text(RANGE)) == [2.5, 41.0]


def test_quote_runs(fast_extractor):
    split = fast_extractor.extract_text(RUN).quotes
    assert [q.text for q in split] == ["Orders held up better than we feared", "We still expect a slower second half."]
    assert {q.speaker for q in split} == {"Dana Whitfield"}
    merged = Extractor(mode="fast", conventions=Conventions(quote_runs="merge")).extract_text(RUN).quotes
    assert len(merged) == 1 and merged[0].speaker == "Dana Whitfield"
    assert merged[0].text.startswith("Orders held") and merged[0].text.endswith("second half.")
    assert RUN[merged[0].start:merged[0].end] == merged[0].text


def test_extract_cli_applies_and_records_conventions(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(RANGE, encoding="utf-8")
    exe = Path(sys.executable).parent / "newsfacts"
    db, out = tmp_path / "nf.db", tmp_path / "out.jsonl"
    run = subprocess.run([str(exe), "extract", str(src), "--db", str(db), "--jsonl", str(out), "--mode", "fast",
                          "--range-ends", "first", "--quiet"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert sorted(f["value"] for f in json.loads(out.read_text())["figures"]) == [2.5, 41.0]
    con = sqlite3.connect(db)
    options = json.loads(con.execute("select options from runs").fetchone()[0])
    assert options == {"range_ends": "first", "quote_runs": "split"}
    bad = subprocess.run([str(exe), "extract", str(src), "--db", str(db), "--range-ends", "middle"],
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "--range-ends" in bad.stderr


def test_batch_workers_get_the_conventions(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "text": RANGE}) for i in range(3)) + "\n", encoding="utf-8")
    db = tmp_path / "b.db"
    settings = BatchSettings(workers=1, mode="fast", conventions=Conventions(range_ends="first"))
    res = run_batch([src], db_path=db, settings=settings)
    assert res.articles == 3
    con = sqlite3.connect(db)
    assert sorted(v for (v,) in con.execute("select value from figures where article_id = 'a1'")) == [2.5, 41.0]
    assert json.loads(con.execute("select options from runs").fetchone()[0])["range_ends"] == "first"


def test_a_database_from_before_options_gets_the_column(tmp_path):
    from extractor.store import Store
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("create table runs (id integer primary key, command text, inputs text, started text, finished text, "
                "extractor_version text, patterns_version text, patterns_changed integer, mode text, articles "
                "integer, figures integer, quotes integer, regions integer, errors integer, status text)")
    con.execute("insert into runs (command, status) values ('extract', 'done')")
    con.commit()
    con.close()
    store = Store(db)
    run = store.start_run("extract", ["a.txt"], options=Conventions(quote_runs="merge").model_dump())
    rows = list(store.db.query("select id, options from runs order by id"))
    assert rows[0]["options"] is None and rows[1]["id"] == run
    assert json.loads(rows[1]["options"]) == {"range_ends": "both", "quote_runs": "merge"}
