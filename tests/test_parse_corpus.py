"""Real pages from ../shared (read at run time, never copied): trafilatura's own expectations for the stored news
pages, and the article-body accuracy floor on the article-extraction benchmark's dev pages."""
from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from extractor.parse import parse_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_HTML = SHARED / "corpus" / "html"
BODY_F1_FLOOR = 0.965  # issue 6: trafilatura alone scores 0.953 on aeb-dev


def _norm(text) -> str:
    return " ".join(str(text or "").lower().split())


def test_trafilatura_evaldata_expectations_on_stored_pages():
    expectations_file = CORPUS_HTML / "trafilatura_evaldata_subset.json"
    if not expectations_file.is_file():
        print(f"{expectations_file} is absent: nothing to check against")  # the issue asks for this only when present
        return
    import trafilatura
    expectations = json.loads(expectations_file.read_text(encoding="utf-8"))
    pages = {}
    for path in sorted(CORPUS_HTML.glob("*.html")):
        parsed = parse_page(path.read_bytes(), path.stem)
        pages[parsed.article.url] = (path, parsed)
    checked = 0
    for url, expected in expectations.items():
        assert url in pages, f"no stored page has the canonical URL {url} (expected for {expected['file']})"
        path, parsed = pages[url]
        text, meta = parsed.article.text, parsed.meta
        data = path.read_bytes()
        theirs = trafilatura.extract(data) or ""
        their_meta = trafilatura.extract_metadata(data)
        for snippet in expected.get("with", []):
            assert snippet in text, f"{path.name}: body misses {snippet!r}"
        for snippet in expected.get("comments", []):
            assert snippet not in text, f"{path.name}: reader comment {snippet!r} in the body"
        for snippet in expected.get("without", []):
            # the stored snapshot differs from trafilatura's: hold us to what trafilatura itself manages on it
            if snippet not in theirs:
                assert snippet not in text, f"{path.name}: {snippet!r} should not be in the body"
        assert parsed.article.published[:10] == expected["date"]
        assert _norm(meta.description) == _norm(expected["description"])
        assert _norm("; ".join(meta.authors)) == _norm(expected["author"])
        if _norm(their_meta.title) == _norm(expected["title"]):
            assert _norm(parsed.article.title) == _norm(expected["title"])
        checked += 1
    assert checked == len(expectations) > 0


def _scorer(shared_eval: Path):
    spec = importlib.util.spec_from_file_location("score_text", shared_eval / "score_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.timeout(300)
def test_article_body_f1_on_aeb_dev(shared_eval, tmp_path):
    folder = shared_eval / "aeb-dev"
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = tmp_path / "system.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for page_id, item in gold.items():
            data = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
            text = parse_page(data, page_id, url=item.get("url")).article.text
            fh.write(json.dumps({"id": page_id, "text": text}) + "\n")
    scorer = _scorer(shared_eval)
    system = {r["id"]: r["text"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    counts = [scorer.page(g["articleBody"], system.get(k, "")) for k, g in gold.items()]
    precision = sum(scorer.ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0) / \
        sum(1 for tp, fp, fn in counts if tp + fp > 0)
    recall = sum(scorer.ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0) / \
        sum(1 for tp, fp, fn in counts if tp + fn > 0)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= BODY_F1_FLOOR, f"article-body F1 {f1:.3f} below {BODY_F1_FLOOR}"


def test_furniture_rules_spare_real_article_text(shared_eval):
    """No boilerplate rule may match a paragraph of a real article: the gold bodies of aeb-dev and, where
    present, the trade stories of ../shared/corpus (paragraphs re-joined where the 1987 wire wraps lines)."""
    import re

    from extractor.parse.boilerplate import furniture_rule
    texts = [g["articleBody"] for g in json.loads((shared_eval / "aeb-dev" / "ground-truth.json").read_text(
        encoding="utf-8")).values()]
    for path in sorted((SHARED / "corpus").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    hits = []
    for text in texts:
        for para in re.split(r"\n\s*\n|\n(?=\s{3,})", text):
            line = " ".join(para.split())
            rule = furniture_rule(line)
            if rule:
                hits.append((rule, line[:100]))
    assert not hits, hits[:5]
    assert len(texts) >= 92
