"""The review app without a browser (Starlette's TestClient over a real SQLite file): CSRF, read-only, token and
Host checks, validation messages, escaping of hostile articles, staleness on the pages, and the CLI's refusals."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

with warnings.catch_warnings():  # Starlette asks for httpx2 here; the plain httpx client works the same
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from extractor.review.app import ReviewSettings, create_app
from extractor.review.cli import review
from extractor.store import Store
from test_review_fixtures import (  # noqa: F401  (fixtures by name)
    HOSTILE, TRADE, free_port, review_db, review_db_template, with_quote,
)

FIG = "trade-1/figure/21-25"
BASE = "http://127.0.0.1"


def client(db, **settings) -> TestClient:
    return TestClient(create_app(ReviewSettings(db=db, reviewer="ann", **settings)), base_url=BASE)


def reviews(db) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("select record_id, status, corrections from reviews order by record_id").fetchall()
    finally:
        con.close()


def log_size(db) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("select count(*) from review_log").fetchone()[0]
    finally:
        con.close()


def csrf_of(c: TestClient) -> str:
    return BeautifulSoup(c.get("/").text, "lxml").find("meta", attrs={"name": "csrf-token"})["content"]


def test_a_decision_with_the_page_csrf_token_is_saved(review_db):
    with client(review_db) as c:
        r = c.post("/api/decide", json={"record_id": FIG, "action": "accept", "filters": "?article=trade-1"},
                   headers={"X-CSRF-Token": csrf_of(c)})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "accepted"
        con = sqlite3.connect(review_db)
        total = sum(con.execute(f"select count(*) from {t} where article_id = 'trade-1'").fetchone()[0]
                    for t in ("figures", "quotes", "regions"))
        con.close()
        assert r.json()["progress"].startswith(f"Reviewed 1 of {total} ")
    assert reviews(review_db) == [(FIG, "accepted", None)]


@pytest.mark.parametrize("headers, status, message", [
    ({}, 403, "missing or wrong CSRF token"),
    ({"X-CSRF-Token": "forged"}, 403, "missing or wrong CSRF token"),
    ({"X-CSRF-Token": "GOOD", "Origin": "http://evil.example"}, 403, "cross-origin request from http://evil.example"),
    ({"X-CSRF-Token": "GOOD", "Content-Type": "text/plain"}, 415, "send the request body as JSON"),
])
def test_posts_without_a_valid_csrf_token_or_from_elsewhere_change_nothing(review_db, headers, status, message):
    with client(review_db) as c:
        token = csrf_of(c)
        headers = {k: (token if v == "GOOD" else v) for k, v in headers.items()}
        body = json.dumps({"record_id": FIG, "action": "accept"})
        headers.setdefault("Content-Type", "application/json")
        for url in ("/api/decide", "/api/undo"):
            r = c.post(url, content=body, headers=headers)
            assert r.status_code == status and message in r.json()["error"]
    assert reviews(review_db) == [] and log_size(review_db) == 0


def test_read_only_refuses_every_post_and_shows_no_actions(review_db):
    with client(review_db, read_only=True) as c:
        token = csrf_of(c)
        for url in ("/api/decide", "/api/undo"):
            r = c.post(url, json={"record_id": FIG, "action": "accept"}, headers={"X-CSRF-Token": token})
            assert r.status_code == 403 and "read-only" in r.json()["error"]
        page = BeautifulSoup(c.get("/record/" + FIG).text, "lxml")
        assert page.body["data-read-only"] == "1" and not page.select("button[data-action]")
    assert reviews(review_db) == [] and log_size(review_db) == 0


def test_a_bad_value_gets_a_clear_message_and_changes_nothing(review_db):
    with client(review_db) as c:
        token = csrf_of(c)
        c.post("/api/decide", json={"record_id": FIG, "action": "accept"}, headers={"X-CSRF-Token": token})
        for corrections, message in [({"value": "lots"}, "not saved: value: Input should be a valid number"),
                                     ({"kind": "sideways"}, "not saved: kind: Input should be 'change' or 'level'")]:
            r = c.post("/api/decide", json={"record_id": FIG, "action": "correct", "corrections": corrections},
                       headers={"X-CSRF-Token": token})
            assert r.status_code == 422 and message in r.json()["error"]
        r = c.post("/api/decide", json={"record_id": "trade-1/figure/0-3", "action": "accept"},
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 404 and "no figure with id" in r.json()["error"]
        r = c.post("/api/decide", json={"record_id": FIG, "action": "approve"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 400 and "accept, reject or correct" in r.json()["error"]
    assert reviews(review_db) == [(FIG, "accepted", None)] and log_size(review_db) == 1


def test_a_good_correction_and_its_undo_over_http(review_db):
    with client(review_db) as c:
        token = csrf_of(c)
        r = c.post("/api/decide", json={"record_id": FIG, "action": "correct",
                                        "corrections": {"value": "6.25", "basis": ""}},
                   headers={"X-CSRF-Token": token})
        assert r.json()["status"] == "corrected" and r.json()["summary"].startswith("6.25 % · exports")
        assert reviews(review_db) == [(FIG, "accepted", '{"basis": null, "value": 6.25}')]
        page = BeautifulSoup(c.get("/record/" + FIG).text, "lxml")
        assert [td.get_text() for td in page.select("tr.corrected td")] == ["5.9", "6.25", "yoy", "—"]
        r = c.post("/api/undo", json={}, headers={"X-CSRF-Token": token})
        assert r.json()["record_id"] == FIG and r.json()["status"] == "todo"
        assert reviews(review_db) == []
        assert c.post("/api/undo", json={}, headers={"X-CSRF-Token": token}).json()["message"] == "nothing to undo"


HOSTILE_PATHS = ["/", "/?status=all&publisher=" + HOSTILE.publisher, "/article/" + HOSTILE.id,
                 "/record/" + HOSTILE.id + "/figure/23-27"]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_article_text_and_fields_are_escaped(review_db, path):
    with client(review_db) as c:
        r = c.get(path, params=None)
        assert r.status_code == 200
    html = r.text
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    page = BeautifulSoup(html, "lxml")
    assert [s.get("src") for s in page.find_all("script")] == ["/static/review.js"]
    assert not [a for el in page.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert not page.select('a[href^="javascript"]')
    if "publisher=" in path:
        shown = [tr["data-record"] for tr in page.select("tr[data-record]")]
        assert shown and all(i.startswith(HOSTILE.id + "/") for i in shown)
    if "/article/" in path:
        text = page.select_one("#article-text")
        # the text reads back exactly (labels aside): every character shown, none interpreted
        for label in text.select(".hl-label"):
            label.decompose()
        assert text.get_text() == HOSTILE.text
        assert page.select_one("h1").get_text() == HOSTILE.title
        assert {m["data-id"] for m in text.select("mark")} >= {HOSTILE.id + "/figure/23-27"}
    if "/record/" in path:
        assert page.select_one("[data-record]")["data-record"] == HOSTILE.id + "/figure/23-27"


def test_pages_send_a_strict_content_security_policy(review_db):
    with client(review_db) as c:
        for path in ("/", "/article/trade-1", "/record/" + FIG, "/static/review.js"):
            r = c.get(path)
            assert "script-src 'self'" in r.headers["content-security-policy"]
            assert r.headers["x-frame-options"] == "DENY"


def test_a_re_extracted_record_is_flagged_on_the_pages(review_db, fast_extractor):
    with client(review_db) as c:
        c.post("/api/decide", json={"record_id": FIG, "action": "accept"}, headers={"X-CSRF-Token": csrf_of(c)})
        assert "changed since reviewed" not in c.get("/record/" + FIG).text
        store = Store(review_db)
        changed = TRADE.model_copy(update={"text": TRADE.text.replace("rose 5.9%", "fell 5.9%")})
        store.save_article(with_quote(fast_extractor.extract(changed)), run_id=store.start_run("extract", ["x"]))
        queue = BeautifulSoup(c.get("/?status=stale").text, "lxml")
        assert [tr["data-record"] for tr in queue.select("tr[data-record]")] == [FIG]
        assert queue.select_one("tr[data-record] .status").get_text() == "stale"
        assert "stale · " in queue.select_one("#progress").get_text()
        assert "changed since reviewed: take another look" in c.get("/record/" + FIG).text


def test_filters_narrow_the_queue_and_bad_ones_say_why(review_db):
    with client(review_db) as c:
        page = BeautifulSoup(c.get("/?type=region&region=JP&status=all").text, "lxml")
        ids = [tr["data-record"] for tr in page.select("tr[data-record]")]
        assert ids and all("/region/" in i for i in ids)
        assert "Japan" in page.select_one("tr[data-record] .context").get_text()
        r = c.get("/?metric=exprts")
        assert r.status_code == 400 and "unknown metric &#39;exprts&#39;" in r.text


def test_a_token_guards_every_request(review_db):
    with client(review_db, token="s3cret") as c:
        assert c.get("/").status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        r = c.get("/?token=s3cret&type=figure", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/?type=figure"
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=strict" in r.headers["set-cookie"]
        assert c.get("/").status_code == 200  # the cookie now carries it
    with client(review_db, token="s3cret") as c:
        assert c.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.post("/api/undo", json={}).status_code == 401


def test_a_loopback_server_serves_only_loopback_host_names(review_db):
    with client(review_db) as c:
        r = c.get("/", headers={"Host": "attacker.example:8765"})
        assert r.status_code == 400 and "unexpected Host header" in r.text
        assert c.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_cli_refuses_a_public_bind_without_a_token_and_a_missing_db(tmp_path):
    out = CliRunner().invoke(review, ["--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    assert out.exit_code == 2
    assert "refusing to serve the review pages on 0.0.0.0 without --token" in out.output
    out = CliRunner().invoke(review, ["--db", str(tmp_path / "missing.db")])
    assert out.exit_code == 1 and "missing.db: no such database" in out.output
    junk = tmp_path / "notes.db"
    junk.write_text("not a database, just notes\n" * 100)
    out = CliRunner().invoke(review, ["--db", str(junk)])
    assert out.exit_code == 1 and "notes.db: cannot open it as a newsfacts database (file is not a database)" \
        in out.output, out.output
    assert junk.read_text().startswith("not a database")  # left as it was


def test_cli_serves_the_queue(review_db):
    port = free_port()
    exe = Path(sys.executable).parent / "newsfacts"
    proc = subprocess.Popen([str(exe), "review", "--db", str(review_db), "--port", str(port), "--reviewer", "cli"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert r.status_code == 200 and "Reviewed 0 of " in r.text and ">cli<" in r.text
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
    assert f"http://127.0.0.1:{port}/ (reviewer cli)" in out


def test_the_next_batch_of_a_to_do_list_starts_where_the_last_began(review_db):
    with client(review_db) as c:
        token = csrf_of(c)
        page = BeautifulSoup(c.get("/?n=5").text, "lxml")
        first = [tr["data-record"] for tr in page.select("tr[data-record]")]
        assert len(first) == 5 and page.select_one("#next-batch")["href"] == "/?status=todo&n=5&offset=0"
        for rid in first:
            c.post("/api/decide", json={"record_id": rid, "action": "accept"}, headers={"X-CSRF-Token": token})
        second = [tr["data-record"] for tr in
                  BeautifulSoup(c.get(page.select_one("#next-batch")["href"]).text, "lxml").select("tr[data-record]")]
        assert len(second) == 5 and not set(first) & set(second)
        every = BeautifulSoup(c.get("/?status=all&n=5").text, "lxml")
        assert every.select_one("#next-batch")["href"] == "/?status=all&n=5&offset=5"
        assert [tr["data-record"] for tr in every.select("tr[data-record]")] == first
