"""Batch inputs: WARC (built here with warcio's writer), JSON Lines (.gz, .zst), folders, tar and zip archives,
each item with its file and position, and resuming from a position."""
from __future__ import annotations

import gzip
import io
import json
import random
import tarfile
import zipfile
from pathlib import Path

import pytest
import zstandard

from extractor.batch.sources import Item, iter_items, read_items
from extractor.inputs import InputProblem, text_id
from extractor.models import Article



def parse_html(html, article_id, url=None):
    # imported when used: the parse stage is not needed to build test inputs
    from extractor.parse import parse_html as parse
    return parse(html, article_id=article_id, url=url)


SHARED_HTML = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "html"

COUNTRIES = ["China", "Japan", "Germany", "Brazil", "India", "Canada", "Mexico", "France", "Vietnam", "Chile"]
NAMES = ["Maria Lopez", "Kenji Sato", "Anna Weber", "Rahul Mehta", "Claire Martin", "Tom Baker"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def make_articles(n: int, seed: int = 7) -> list[dict]:
    """Trade-news-like articles written from our own templates (never from ../shared)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        c1, c2 = rnd.sample(COUNTRIES, 2)
        sents = [
            f"Exports from {c1} rose {rnd.randint(1, 30)}.{rnd.randint(0, 9)}% in {rnd.choice(MONTHS)} from a "
            f"year earlier, customs data showed.",
            f"Imports from {c2} fell {rnd.randint(1, 20)}% to ${rnd.randint(2, 90)} billion.",
            f"{rnd.choice(NAMES)} said the trade surplus with {c2} would narrow next year.",
            f"The {c1} government raised tariffs on steel to {rnd.randint(5, 40)}%.",
        ]
        rnd.shuffle(sents)
        out.append({"id": f"syn-{i:05d}", "published": "2024-12-0" + str(1 + i % 9),
                    "title": f"Trade with {c2}", "text": " ".join(sents * rnd.randint(1, 3))})
    return out


def write_jsonl(path: Path, rows: list, opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


OWN_PAGES = {
    "https://news.example/a": "<html><head><title>Steel tariffs</title></head><body><nav>Menu</nav>"
                              "<p>Exports from Japan rose 4% in May.</p><p>Kenji Sato said demand held.</p></body></html>",
    "https://news.example/b": "<html><head><title>Soy trade</title></head><body>"
                              "<p>Brazil shipped 3 million tonnes of soybeans to China in June.</p></body></html>",
}


def pages() -> dict[str, bytes]:
    """Our own pages, and the whole news pages of ../shared/corpus/html where that folder exists."""
    out = {uri: html.encode() for uri, html in OWN_PAGES.items()}
    if SHARED_HTML.is_dir():
        for path in sorted(SHARED_HTML.glob("*.html")):
            out[f"https://corpus.example/{path.name}"] = path.read_bytes()
    return out


def build_warc(path: Path, gz: bool) -> dict[str, bytes]:
    """A WARC with a warcinfo, a request, the HTML responses, an image, a 404 page and a resource page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html_pages = pages()
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "newsfacts tests"}))
        for uri, body in html_pages.items():
            w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/logo.png", "response",
                                            payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=png))
        missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://news.example/gone", "response",
                                            payload=io.BytesIO(b"<p>Exports fell 2%.</p>"), http_headers=missing))
        w.write_record(w.create_warc_record("https://news.example/r", "resource", payload=io.BytesIO(
            b"<html><p>Canada's exports to Mexico rose 6% in 2023.</p></html>"), warc_content_type="text/html"))
    html_pages["https://news.example/r"] = b"<html><p>Canada's exports to Mexico rose 6% in 2023.</p></html>"
    return html_pages


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_records_become_articles_parsed_like_crawled_pages(tmp_path, name, gz):
    expected = build_warc(tmp_path / name, gz)
    items = list(iter_items([tmp_path / name]))
    loaded = [it.load() for it in items]
    assert all(isinstance(a, Article) for a in loaded), loaded
    assert {a.url for a in loaded} == set(expected)  # no request, image, 404 or warcinfo record
    for a in loaded:
        assert a.id == text_id(a.url)
        assert a.text == parse_html(expected[a.url], article_id=a.id, url=a.url).text
    positions = [it.position for it in items]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert all(it.source == str(tmp_path / name) for it in items)


def test_warc_resume_skips_exactly_the_stored_positions(tmp_path):
    build_warc(tmp_path / "c.warc.gz", True)
    items = list(read_items(tmp_path / "c.warc.gz"))
    cut = items[1].position
    rest = list(read_items(tmp_path / "c.warc.gz", after=cut))
    assert [(i.position, i.load().id) for i in rest] == [(i.position, i.load().id) for i in items[2:]]


def test_truncated_warc_gz_ends_that_file_with_a_recorded_problem(tmp_path):
    build_warc(tmp_path / "c.warc.gz", True)
    data = (tmp_path / "c.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 40])
    items = list(read_items(tmp_path / "cut.warc.gz"))
    last = items[-1].payload
    assert isinstance(last, InputProblem) and "truncated or corrupt" in last.message
    assert sum(isinstance(i.load(), Article) for i in items) >= 1


def test_jsonl_plain_gz_and_zst_give_the_same_articles_and_problems(tmp_path):
    rows = make_articles(5) + ["{not json", json.dumps({"id": "x", "title": "no text"})]
    write_jsonl(tmp_path / "a.jsonl", rows)
    write_jsonl(tmp_path / "a.jsonl.gz", rows, gzip.open)
    raw = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode()
    (tmp_path / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(raw))

    def view(name):
        out = []
        for it in read_items(tmp_path / name):
            got = it.load()
            out.append((it.position, got.id if isinstance(got, Article) else got.message))
        return out

    plain = view("a.jsonl")
    assert len(plain) == 7 and plain[0] == (1, "syn-00000")
    assert "not JSON" in plain[5][1] and "text" in plain[6][1]
    assert view("a.jsonl.gz") == plain
    assert view("a.jsonl.zst") == plain


def test_folders_tar_and_zip_hold_html_txt_and_jsonl_members(tmp_path):
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.html").write_text(OWN_PAGES["https://news.example/a"])
    (folder / "sub" / "two.txt").write_text("Chile's copper exports rose 8% in March.")
    (folder / "notes.md").write_text("ignored: not an input type")
    write_jsonl(folder / "sub" / "more.jsonl", make_articles(3))

    with tarfile.open(tmp_path / "site.tar.gz", "w:gz") as tar:
        tar.add(folder, arcname="site")
    with zipfile.ZipFile(tmp_path / "site.zip", "w") as zf:
        for p in sorted(folder.rglob("*")):
            zf.write(p, p.relative_to(tmp_path))

    def ids(paths):
        return sorted(it.load().id for it in iter_items(paths))

    expected = sorted(["one", "two", "syn-00000", "syn-00001", "syn-00002"])
    assert ids([folder]) == expected
    assert ids([tmp_path / "site.tar.gz"]) == expected
    assert ids([tmp_path / "site.zip"]) == expected
    zipped = list(iter_items([tmp_path / "site.zip"]))
    assert {it.source for it in zipped} == {str(tmp_path / "site.zip")}
    assert len({it.position for it in zipped}) == len(zipped)
    one = next(it.load() for it in zipped if it.load().id == "one")
    assert one.text == parse_html(OWN_PAGES["https://news.example/a"], article_id="one").text


def test_missing_and_unsupported_inputs_are_problems_not_crashes(tmp_path):
    (tmp_path / "data.csv").write_text("a,b\n")
    items = list(iter_items([tmp_path / "nope.warc", tmp_path / "data.csv"]))
    assert [type(i.payload) for i in items] == [InputProblem, InputProblem]
    assert "no such file" in items[0].payload.message and "unsupported file type" in items[1].payload.message


def test_stored_single_files_are_skipped_without_reading(tmp_path):
    (tmp_path / "a.txt").write_text("Japan's exports rose 3%.")
    (tmp_path / "b.txt").write_text("India's imports fell 2%.")
    items = list(iter_items([tmp_path], done={str(tmp_path / "a.txt"): 1}))
    assert [(Path(i.source).name, i.position) for i in items] == [("b.txt", 1)]
    assert isinstance(items[0], Item)
