"""The reviews tables over a real SQLite file built by real extraction: decisions, undo, corrections validated by
the models, the append-only log, staleness after re-extraction, and the queue's filters and counts."""
from __future__ import annotations

import json
import sqlite3

import pytest

from extractor.review import CorrectionError, QueueFilters, RecordNotFound, ReviewStore
from extractor.review.records import parse_record_id
from extractor.store import Store
from test_review_fixtures import (  # noqa: F401  (fixtures by name)
    TRADE, review_db, review_db_template, with_quote,
)

FIG = "trade-1/figure/21-25"  # "5.9%" in TRADE


def rows(db, sql, args=()):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def test_reviews_table_has_exactly_the_shared_columns(review_db):
    ReviewStore(review_db).close()
    cols = [r["name"] for r in rows(review_db, "pragma table_info(reviews)")]
    assert cols == ["record_id", "record_type", "article_id", "status", "corrections", "reviewer", "reviewed_at",
                    "record_hash", "stale"]
    fks = rows(review_db, "pragma foreign_key_list(reviews)")
    assert [(f["from"], f["table"], f["to"]) for f in fks] == [("article_id", "articles", "id")]
    log = [r["name"] for r in rows(review_db, "pragma table_info(review_log)")]
    assert log == ["id", "record_id", "action", "before", "after", "reviewer", "time"]


def test_the_figure_under_test_is_what_extraction_made(review_db):
    assert rows(review_db, "select text, metric from figures where id = ?", [FIG]) == [
        {"text": "5.9%", "metric": "exports"}]


def test_accept_reject_correct_and_undo_step_by_step(review_db):
    store = ReviewStore(review_db)
    review = store.decide(FIG, "accept", "ann")
    assert review["status"] == "accepted" and review["corrections"] is None and review["reviewer"] == "ann"
    assert review["reviewed_at"].endswith("+00:00") and len(review["record_hash"]) == 16

    store.decide(FIG, "correct", "ann", {"value": "6.1", "direction": "", "forecast": "true"})
    row = rows(review_db, "select * from reviews where record_id = ?", [FIG])[0]
    assert row["status"] == "accepted"
    assert json.loads(row["corrections"]) == {"value": 6.1, "direction": None, "forecast": True}

    store.decide(FIG, "reject", "ann")
    assert rows(review_db, "select status, corrections from reviews")[0] == {"status": "rejected", "corrections": None}

    # undo walks back one decision at a time: rejected -> corrected -> accepted -> unreviewed
    assert store.undo("ann")["review"]["corrections"] == {"value": 6.1, "direction": None, "forecast": True}
    assert store.undo("ann")["review"]["status"] == "accepted"
    assert store.undo("ann") == {"record_id": FIG, "review": None}
    assert rows(review_db, "select count(*) as n from reviews") == [{"n": 0}]
    assert store.undo("ann") is None
    actions = [r["action"] for r in rows(review_db, "select action from review_log order by id")]
    assert actions == ["accept", "correct", "reject", "undo", "undo", "undo"]


def test_undo_is_per_reviewer_and_an_undo_after_a_new_decision_undoes_that(review_db):
    store = ReviewStore(review_db)
    other = "trade-1/region/0-5"
    store.decide(FIG, "accept", "ann")
    store.decide(other, "reject", "bob")
    assert store.undo("ann")["record_id"] == FIG
    store.decide(FIG, "reject", "ann")
    assert store.undo("ann") == {"record_id": FIG, "review": None}
    assert store.review(other)["status"] == "rejected"  # bob's decision is untouched


@pytest.mark.parametrize("corrections, message", [
    ({"value": "lots"}, "value: Input should be a valid number"),
    ({"metric": "exprts"}, "metric: Input should be 'exports', 'imports'"),
    ({"period": "2025-13"}, "period: String should match pattern"),
    ({"unit": "  "}, "unit: a value is required"),
    ({"start": "3"}, "start: cannot be corrected; the editable fields of a figure are value, unit"),
    ({}, "a correction needs at least one field"),
])
def test_a_bad_correction_is_refused_with_its_reason_and_changes_nothing(review_db, corrections, message):
    store = ReviewStore(review_db)
    store.decide(FIG, "accept", "ann")
    before = rows(review_db, "select * from reviews"), rows(review_db, "select * from review_log")
    with pytest.raises(CorrectionError) as err:
        store.decide(FIG, "correct", "ann", corrections)
    assert message in str(err.value)
    assert (rows(review_db, "select * from reviews"), rows(review_db, "select * from review_log")) == before


def test_a_correction_equal_to_the_extraction_is_a_plain_accept(review_db):
    store = ReviewStore(review_db)
    assert store.decide(FIG, "correct", "ann", {"value": "5.9", "metric": "exports"})["corrections"] is None


def test_unknown_records_are_refused_by_name(review_db):
    store = ReviewStore(review_db)
    with pytest.raises(RecordNotFound, match="no figure with id 'trade-1/figure/0-1'"):
        store.decide("trade-1/figure/0-1", "accept", "ann")
    with pytest.raises(RecordNotFound, match="is not a record id"):
        store.decide("trade-1/table/0-1", "accept", "ann")
    assert parse_record_id("a/b/quote/3-9") == ("a/b", "quote", 3, 9)


def test_the_log_is_append_only(review_db):
    store = ReviewStore(review_db)
    store.decide(FIG, "accept", "ann")
    con = sqlite3.connect(review_db)
    with pytest.raises(sqlite3.DatabaseError, match="review_log is append-only"):
        con.execute("update review_log set action = 'reject'")
    with pytest.raises(sqlite3.DatabaseError, match="review_log is append-only"):
        con.execute("delete from review_log")
    con.close()


def test_re_extraction_keeps_reviews_and_flags_the_changed_ones(review_db, fast_extractor):
    store = ReviewStore(review_db)
    region = "trade-1/region/0-5"   # "China"
    tonnes = TRADE.text.find("1.2 million tonnes")
    gone = next(r["id"] for r in rows(review_db, "select id from figures where article_id = 'trade-1' and start = ?",
                                      [tonnes]))
    for rid in (FIG, region, gone):
        store.decide(rid, "accept", "ann")

    # unchanged text, new run: nothing is stale
    s = Store(review_db)
    s.save_article(with_quote(fast_extractor.extract(TRADE)), run_id=s.start_run("extract", ["again"]))
    assert store.refresh_stale() == 0

    # the figure now reads a fall (same span, so the same id), and the tonnes sentence is gone
    changed = TRADE.model_copy(update={"text": TRADE.text.replace("rose 5.9%", "fell 5.9%")
                                                        .replace("Vietnam shipped 1.2 million tonnes of rice", "")})
    s.save_article(with_quote(fast_extractor.extract(changed)), run_id=s.start_run("extract", ["changed"]))
    assert rows(review_db, "select direction from figures where id = ?", [FIG]) == [{"direction": "down"}]
    assert store.refresh_stale() == 2
    stale = {r["record_id"]: r["stale"] for r in rows(review_db, "select record_id, stale from reviews")}
    assert stale == {FIG: 1, region: 0, gone: 1}
    assert [o["record_id"] for o in store.orphans()] == [gone]
    assert [r["id"] for r in store.queue(QueueFilters(status="stale"))] == [FIG]

    # a second look clears the flag
    store.decide(FIG, "accept", "ann")
    assert store.refresh_stale() == 1 and store.review(FIG)["stale"] == 0


def test_queue_filters_and_progress(review_db):
    store = ReviewStore(review_db)
    total = sum(rows(review_db, f"select count(*) as n from {t}")[0]["n"] for t in ("figures", "quotes", "regions"))
    assert store.progress(QueueFilters())["total"] == total
    assert len(store.queue(QueueFilters(), limit=1000)) == total

    figs = store.queue(QueueFilters(type="figure"), limit=1000)
    assert figs and {r["type"] for r in figs} == {"figure"}
    assert {r["metric"] for r in store.queue(QueueFilters(metric="tariff"), limit=1000)} == {"tariff"}
    jp = store.queue(QueueFilters(region="JP"), limit=1000)
    assert jp and all("JP" in (r["region"], r["region2"]) for r in jp)
    assert {r["publisher"] for r in store.queue(QueueFilters(publisher="Quay Wire"), limit=1000)} == {"Quay Wire"}
    assert {r["article_id"] for r in store.queue(QueueFilters(date="2025-12"), limit=1000)} == {"trade-1"}
    assert {r["type"] for r in store.queue(QueueFilters(article="trade-1"), limit=1000)} == {"figure", "quote",
                                                                                            "region"}

    store.decide(FIG, "accept", "ann")
    store.decide("trade-1/region/0-5", "reject", "ann")
    store.decide("trade-1/quote/156-194", "correct", "ann", {"speaker_type": "organization"})
    p = store.progress(QueueFilters(article="trade-1"))
    assert (p["reviewed"], p["accepted"], p["rejected"], p["corrected"], p["todo"]) == (3, 1, 1, 1, p["total"] - 3)
    assert [r["id"] for r in store.queue(QueueFilters(status="accepted"))] == [FIG]
    assert [r["id"] for r in store.queue(QueueFilters(status="corrected"))] == ["trade-1/quote/156-194"]
    todo = [r["id"] for r in store.queue(QueueFilters(article="trade-1"))]
    assert FIG not in todo and len(todo) == p["total"] - 3


def test_bad_filters_are_refused_by_name():
    with pytest.raises(ValueError, match="unknown metric 'exprts'"):
        QueueFilters(metric="exprts")
    assert QueueFilters.model_validate({"type": "", "status": ""}) == QueueFilters()


def test_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such database; run `newsfacts extract"):
        ReviewStore(tmp_path / "nope.db")


def test_staleness_runs_on_a_plain_connection_for_chosen_articles(review_db, fast_extractor):
    # what the store can call inside the transaction that re-saves an article, without the review server
    from extractor.review.staleness import refresh_stale
    from test_review_fixtures import BULK
    store = ReviewStore(review_db)
    bulk = rows(review_db, "select id from figures where article_id = 'bulk-0' order by start limit 1")[0]["id"]
    store.decide(FIG, "accept", "ann")
    store.decide(bulk, "accept", "ann")
    s = Store(review_db)
    run = s.start_run("extract", ["changed"])
    s.save_article(with_quote(fast_extractor.extract(
        TRADE.model_copy(update={"text": TRADE.text.replace("rose 5.9%", "fell 5.9%")}))), run_id=run)
    s.save_article(fast_extractor.extract(
        BULK[0].model_copy(update={"text": BULK[0].text.replace("rose 2.5%", "fell 2.5%")})), run_id=run)
    con = sqlite3.connect(review_db)
    with con:  # as a database re-extracted by a version that did not flag reviews would be
        con.execute("update reviews set stale = 0")
    with con:
        assert refresh_stale(con, ["trade-1"]) == 1
    assert {r["record_id"]: r["stale"] for r in rows(review_db, "select record_id, stale from reviews")} == {
        FIG: 1, bulk: 0}
    with con:
        assert refresh_stale(con) == 1
    assert rows(review_db, "select count(*) as n from reviews where stale = 1") == [{"n": 2}]
    con.close()
    empty = sqlite3.connect(":memory:")
    assert refresh_stale(empty) == 0  # no reviews table: nothing to do
    empty.close()
