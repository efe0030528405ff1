"""The SQLite store on a real file: schema, idempotent saves, runs, errors."""
import sqlite3

import pytest

from extractor.models import Article, Figure, Region
from extractor.store import Store, record_id


def article(text="Exports rose 5.9% to China.", **kw):
    figure = Figure(text="5.9%", start=13, end=17, value=5.9, unit="%", direction="up", kind="change",
                    metric="exports", sentence=text, pattern_id="percent-sign")
    region = Region(text="China", start=21, end=26, code="CN", name="China", kind="country", pattern_id="country-CN")
    return Article(id=kw.pop("id", "a1"), text=text, figures=[figure], regions=[region], **kw)


def test_schema_has_tables_foreign_keys_indexes_and_wal(tmp_path):
    path = tmp_path / "nf.db"
    store = Store(path)
    assert {"articles", "figures", "quotes", "regions", "runs", "errors"} <= set(store.db.table_names())
    fks = {(fk.column, fk.other_table) for fk in store.db["figures"].foreign_keys}
    assert ("article_id", "articles") in fks and ("run_id", "runs") in fks
    assert any(ix.columns == ["article_id"] for ix in store.db["quotes"].indexes)
    assert sqlite3.connect(path).execute("pragma journal_mode").fetchone()[0] == "wal"


def test_saving_twice_replaces_records_instead_of_duplicating(tmp_path):
    store = Store(tmp_path / "nf.db")
    run = store.start_run("extract", ["x"])
    store.save_article(article(), run)
    store.save_article(article(), run)
    assert store.counts()["figures"] == 1 and store.counts()["regions"] == 1 and store.counts()["articles"] == 1
    row = store.db["figures"].get(record_id("a1", "figure", 13, 17))
    assert row["value"] == 5.9 and row["pattern_id"] == "percent-sign"
    assert store.db["articles"].get("a1")["patterns_version"]


def test_records_of_a_changed_article_are_replaced(tmp_path):
    store = Store(tmp_path / "nf.db")
    store.save_article(article())
    store.save_article(Article(id="a1", text="No numbers here."))
    assert store.counts()["figures"] == 0 and store.counts()["regions"] == 0


def test_record_whose_offsets_do_not_slice_the_text_is_refused_and_nothing_stored(tmp_path):
    store = Store(tmp_path / "nf.db")
    bad = article()
    bad.figures[0].start = 0
    with pytest.raises(ValueError, match="does not match the text"):
        store.save_article(bad)
    assert store.counts()["articles"] == 0


def test_load_article_round_trips(tmp_path):
    store = Store(tmp_path / "nf.db")
    store.save_article(article(published="2025-12-08"))
    back = store.load_article("a1")
    assert back.figures[0].model_dump() == article().figures[0].model_dump()
    assert back.published == "2025-12-08"


def test_run_records_versions_counts_and_a_patterns_change(tmp_path):
    store = Store(tmp_path / "nf.db")
    run = store.start_run("extract", ["a.txt"])
    store.save_article(article(), run)
    store.record_error(run, "b.txt", "empty", line=3)
    counts = store.finish_run(run)
    assert counts["figures"] == 1 and counts["errors"] == 1
    row = store.db["runs"].get(run)
    assert row["status"] == "done" and row["patterns_changed"] == 0 and len(row["patterns_version"]) == 12
    store.db["runs"].update(run, {"patterns_version": "000000000000"})
    second = store.start_run("extract", ["a.txt"])
    assert store.db["runs"].get(second)["patterns_changed"] == 1
