"""The review pages in a real headless Chromium (Debian's chromium, driven by Playwright) against a real uvicorn
server and a real SQLite file: decisions by keyboard, checked in the database after each step, with no page
reload; the article view's highlights (its screenshot is docs/review-article.png); hostile text stays text."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from extractor.review.app import ReviewSettings, create_app
from test_review_fixtures import (  # noqa: F401  (fixtures by name)
    HOSTILE, TRADE, LiveServer, review_db, review_db_template,
)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FIG = "trade-1/figure/21-25"
CURRENT = re.compile(r"\bcurrent\b")
UNIQUE_IDS = "marks => [...new Set(marks.map(m => m.dataset.id))]"  # a record cut into segments counts once


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def server(review_db):
    srv = LiveServer(create_app(ReviewSettings(db=review_db, reviewer="ann")))
    yield srv
    srv.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.errors.append("dialog: " + d.message), d.dismiss()))
    yield pg
    assert pg.errors == []
    context.close()


def records_of(db, article_id):
    con = sqlite3.connect(db)
    try:
        return sum(con.execute(f"select count(*) from {t} where article_id = ?", [article_id]).fetchone()[0]
                   for t in ("figures", "quotes", "regions"))
    finally:
        con.close()


def review_of(db, record_id):
    con = sqlite3.connect(db)
    try:
        row = con.execute("select status, corrections from reviews where record_id = ?", [record_id]).fetchone()
    finally:
        con.close()
    return row and (row[0], json.loads(row[1]) if row[1] else None)


def test_queue_accept_correct_reject_and_undo_by_keyboard(server, page, review_db):
    page.goto(server.url + "/?status=all&article=trade-1")
    page.evaluate("window.__marker = 'same page'")
    rows = page.locator("tr[data-record]")
    first, third = rows.nth(0).get_attribute("data-record"), rows.nth(2).get_attribute("data-record")
    assert rows.nth(1).get_attribute("data-record") == FIG
    expect(rows.nth(0)).to_have_class(CURRENT)

    page.keyboard.press("a")
    expect(rows.nth(0)).to_have_attribute("data-word", "accepted")
    assert review_of(review_db, first) == ("accepted", None)
    expect(rows.nth(1)).to_have_class(CURRENT)

    page.keyboard.press("e")
    value = page.locator("#editor input[name=value]")
    expect(value).to_be_focused()
    expect(value).to_have_value("5.9")
    value.fill("lots")
    page.keyboard.press("Enter")
    expect(page.locator("#editor-error")).to_contain_text("value: Input should be a valid number")
    assert review_of(review_db, FIG) is None  # a bad value changes nothing
    value.fill("6.4")
    page.locator("#editor select[name=direction]").select_option("down")
    value.press("Enter")
    expect(page.locator("#editor")).to_be_hidden()
    expect(rows.nth(1)).to_have_attribute("data-word", "corrected")
    expect(rows.nth(1).locator(".summary")).to_contain_text("6.4 % · exports · change · down")
    assert review_of(review_db, FIG) == ("accepted", {"value": 6.4, "direction": "down"})

    page.keyboard.press("j")
    expect(rows.nth(2)).to_have_class(CURRENT)
    page.keyboard.press("r")
    expect(rows.nth(2)).to_have_attribute("data-word", "rejected")
    assert review_of(review_db, third) == ("rejected", None)
    total = records_of(review_db, "trade-1")
    expect(page.locator("#progress")).to_contain_text(f"Reviewed 3 of {total} ")

    page.keyboard.press("u")
    expect(rows.nth(2)).to_have_attribute("data-word", "todo")
    assert review_of(review_db, third) is None
    page.keyboard.press("u")
    expect(rows.nth(1)).to_have_attribute("data-word", "todo")
    expect(rows.nth(1)).to_have_class(CURRENT)
    assert review_of(review_db, FIG) is None
    page.keyboard.press("k")
    page.keyboard.press("u")
    expect(rows.nth(0)).to_have_attribute("data-word", "todo")
    assert review_of(review_db, first) is None
    expect(page.locator("#progress")).to_contain_text(f"Reviewed 0 of {total} ")
    assert page.evaluate("window.__marker") == "same page"


def test_fifty_records_by_keyboard_without_a_reload(server, page, review_db):
    page.goto(server.url + "/?status=all&n=100")
    page.evaluate("window.__marker = 50")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    rows = page.locator("tr[data-record]")
    assert rows.count() >= 50
    expected = {}
    ids = page.eval_on_selector_all("tr[data-record]", "rows => rows.map(r => r.dataset.record)")
    keys = ""
    for i in range(50):
        key, word = ("r", "rejected") if i % 4 == 3 else ("a", "accepted")
        expected[ids[i]] = word
        keys += key
    # typed as fast as the keyboard goes: every key is a decision, in order, none dropped
    page.keyboard.type(keys)
    for i in range(50):
        expect(rows.nth(i)).to_have_attribute("data-word", expected[ids[i]])
    expect(rows.nth(50)).to_have_class(CURRENT)
    assert navigations == [] and page.evaluate("window.__marker") == 50
    con = sqlite3.connect(review_db)
    stored = dict(con.execute("select record_id, status from reviews").fetchall())
    con.close()
    assert stored == expected
    expect(page.locator("#progress")).to_contain_text(f"Reviewed 50 of {rows.count()}")


def test_article_view_highlights_every_record_by_type(server, page, review_db):
    page.goto(server.url + "/article/trade-1")
    con = sqlite3.connect(review_db)
    counts = {t: con.execute(f"select count(*) from {t}s where article_id = 'trade-1'").fetchone()[0]
              for t in ("figure", "quote", "region")}
    con.close()
    assert counts["figure"] >= 5 and counts["quote"] == 1 and counts["region"] >= 3
    for kind, n in counts.items():
        ids = page.eval_on_selector_all(f"#article-text mark.hl-{kind}", UNIQUE_IDS)
        assert len(ids) == n, kind
        # displaCy's legend: one swatch per type, in the same colour as its highlights
        swatch = page.locator(f".legend .hl-{kind}")
        colour = page.eval_on_selector(f"#article-text mark.hl-{kind}", "m => getComputedStyle(m).backgroundColor")
        assert swatch.evaluate("s => getComputedStyle(s).backgroundColor") == colour
    colours = {page.eval_on_selector(f".legend .hl-{k}", "s => getComputedStyle(s).backgroundColor") for k in counts}
    assert len(colours) == 3
    # every character of the article is shown once, highlighted or not (the labels aside)
    shown = page.eval_on_selector("#article-text", """el => { const c = el.cloneNode(true);
        c.querySelectorAll('.hl-label').forEach(l => l.remove()); return c.textContent; }""")
    assert shown == TRADE.text

    items = page.locator("li[data-record]")
    page.keyboard.press("j")
    page.keyboard.press("j")
    target = items.nth(2).get_attribute("data-record")
    selected = page.eval_on_selector_all("mark.selected", UNIQUE_IDS)
    assert selected == [target]
    page.keyboard.press("a")
    expect(items.nth(2)).to_have_attribute("data-word", "accepted")
    expect(page.locator(f'mark[data-id="{target}"]').first).to_have_class(re.compile(r"\bst-accepted\b"))
    assert review_of(review_db, target) == ("accepted", None)
    page.keyboard.press("r")
    expect(items.nth(3)).to_have_attribute("data-word", "rejected")
    page.keyboard.press("k")
    page.keyboard.press("k")
    shot = ROOT / "docs" / "review-article.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_record_view_keys_decide_and_move(server, page, review_db):
    page.goto(server.url + "/?status=all&article=trade-1")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/record/trade-1/figure/21-25$"))
    assert "China's exports rose 5.9% in November" in page.locator(".evidence").inner_text()
    assert page.locator(".evidence mark").inner_text() == "5.9%"
    assert page.locator("table.fields th", has_text="metric_text").count() == 1
    page.keyboard.press("a")
    expect(page.locator(".record-view")).to_have_attribute("data-word", "accepted")
    assert review_of(review_db, FIG) == ("accepted", None)
    page.keyboard.press("j")
    page.wait_for_url(re.compile(r"/record/trade-1/region/"))
    page.keyboard.press("k")
    page.wait_for_url(re.compile(r"/record/trade-1/figure/21-25$"))
    expect(page.locator("ol.history li")).to_have_count(1)


def test_j_past_the_last_record_opens_the_next_batch(server, page, review_db):
    page.goto(server.url + "/?n=3")
    shown = page.eval_on_selector_all("tr[data-record]", "rows => rows.map(r => r.dataset.record)")
    page.keyboard.press("a")
    page.keyboard.press("a")
    expect(page.locator("tr[data-record]").nth(1)).to_have_attribute("data-word", "accepted")
    page.keyboard.press("j")
    page.wait_for_url(re.compile(r"/\?status=todo&n=3&offset=0$"))
    after = page.eval_on_selector_all("tr[data-record]", "rows => rows.map(r => r.dataset.record)")
    assert after[0] == shown[2] and len(after) == 3  # the skipped record is still to do; the decided ones left


def test_hostile_article_text_never_runs(server, page, review_db):
    fig = HOSTILE.id + "/figure/23-27"
    page.goto(server.url + "/?status=all&publisher=" + HOSTILE.publisher.replace("&", "%26"))
    expect(page.locator("tr[data-record]").first).to_have_attribute("data-record", re.compile(r"^evil-"))
    page.goto(server.url + "/article/" + HOSTILE.id.replace('"', "%22").replace("'", "%27"))
    assert "<script>window.__pwned = 'text'</script>" in page.locator("#article-text").inner_text()
    assert page.locator("h1").inner_text() == HOSTILE.title
    assert page.locator("#article-text img").count() == 0
    page.keyboard.press("e")
    expect(page.locator("#editor-title")).to_contain_text("region “Germany”")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator("li[data-record]").nth(1)).to_have_attribute("data-word", "accepted")
    assert review_of(review_db, fig) == ("accepted", None)
    assert page.evaluate("typeof window.__pwned") == "undefined"
