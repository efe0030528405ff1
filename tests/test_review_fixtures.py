"""Fixtures for the review tests (no tests here): articles written for these tests, run through the real fast
extractor into a real SQLite file, and a real uvicorn server on a free 127.0.0.1 port.

Example:
    >>> db = build_review_db(tmp_path / "r.db", extractor)        # doctest: +SKIP
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from extractor.models import Article, Quote
from extractor.store import Store

TRADE = Article(
    id="trade-1", title="Exports climb as surplus widens", published="2025-12-08", publisher="Harbour Ledger",
    url="https://news.example.test/trade-1",
    text=("China's exports rose 5.9% in November from a year earlier, customs data showed on Monday. "
          "The trade surplus with the United States widened to $35 billion. "
          "\"Demand held up better than we expected,\" said Mara Quell, chief economist at Tidewater Bank. "
          "Japan's imports fell 2.1% while the European Union raised tariffs on steel to 25%. "
          "Vietnam shipped 1.2 million tonnes of rice, up 8% on the year."),
)

# a hostile article: markup and attribute-breaking quotes in every text field the pages show
HOSTILE = Article(
    id="evil-\"1'", title="<script>window.__pwned = 'title'</script> Tariffs \"quoted\" & 'single'",
    published="2025-11-30", publisher="Evil \"Press\" <b>bold</b>", url="javascript:alert(1)",
    text=("Germany's exports fell 3.4% in October. <script>window.__pwned = 'text'</script> "
          "Officials said \"><img src=x onerror=\"window.__pwned='img'\"> was not a tariff of 10%. "
          "Brazil's imports rose 4% after the '\" onmouseover=\"window.__pwned=1\" x=' episode."),
)

BULK = [
    Article(id=f"bulk-{i}", title=f"Weekly trade round-up {i}", published=f"2025-10-{i + 10:02d}",
            publisher="Quay Wire",
            text=(f"India's exports rose {i + 2}.5% in September. Mexico's imports fell {i + 1}.25% from a year "
                  f"earlier. Canada posted a trade surplus of ${i + 3} billion. Australia's exports to Japan "
                  f"climbed {i + 4}% while Korea's imports from Germany dropped {i + 5}%. France raised tariffs "
                  f"to {i + 10}% and Italy cut them to {i + 2}%. Spain shipped {i + 7} million tonnes of wheat."))
    for i in range(4)
]

QUOTE_TEXT = "Demand held up better than we expected"


def with_quote(article: Article) -> Article:
    """The fast extractor reads quotes only through the statistical model; give the trade article its quote by
    hand (labelled here, as a reviewer would) where extraction has not found it."""
    start = article.text.find(QUOTE_TEXT)
    if start < 0 or any(q.start == start for q in article.quotes):
        return article
    speaker = article.text.find("Mara Quell")
    quote = Quote(text=QUOTE_TEXT, start=start, end=start + len(QUOTE_TEXT), kind="direct", speaker="Mara Quell",
                  title="chief economist", organization="Tidewater Bank", cue="said", speaker_start=speaker,
                  speaker_end=speaker + len("Mara Quell"), sentence=article.text[start - 1:speaker + 46],
                  pattern_id="hand-labelled")
    return article.model_copy(update={"quotes": [*article.quotes, quote]})


def build_review_db(path: Path, extractor, articles=None) -> Path:
    """Extract the articles with the real extractor and store them in a real SQLite file."""
    store = Store(path)
    run = store.start_run("extract", ["review-tests"], mode="fast")
    for art in articles or [TRADE, HOSTILE, *BULK]:
        store.save_article(with_quote(extractor.extract(art)), run_id=run, source="review-tests")
    store.finish_run(run)
    store.db.conn.close()
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app in a thread on 127.0.0.1, stopped by `stop()`."""

    def __init__(self, app):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url + "/static/review.css", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"review server did not start on {self.url}")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def review_db_template(tmp_path_factory, fast_extractor) -> Path:
    return build_review_db(tmp_path_factory.mktemp("review") / "template.db", fast_extractor)


@pytest.fixture
def review_db(tmp_path, review_db_template) -> Path:
    """A fresh copy of the extracted database for each test (extracting once per session keeps the suite fast)."""
    path = tmp_path / "review.db"
    shutil.copyfile(review_db_template, path)
    return path
