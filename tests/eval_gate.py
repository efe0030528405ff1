"""Accuracy floors: score the dev gold sets and compare against tests/eval_baseline.json.

    python tests/eval_gate.py            # print the scores and the floors
    python tests/eval_gate.py --update   # raise the floors to what was just measured (never lowers them)

The gold files live in ../shared/eval (and tests/gold for the team's own corpus). A measure below its floor
fails tests/test_eval_gate.py: accuracy never slips silently.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
BASELINE = ROOT / "tests" / "eval_baseline.json"
GOLD_SETS = {
    "seed-gold": SHARED_EVAL / "seed-gold.jsonl",
    "trade-dev": SHARED_EVAL / "trade-dev.jsonl",
    "newsquant-dev-mp": SHARED_EVAL / "newsquant-dev-mp.jsonl",
    "newsquant-dev": SHARED_EVAL / "newsquant-dev.jsonl",
    "polnear-dev": SHARED_EVAL / "polnear-dev.jsonl",
    "corpus-gold": ROOT / "tests" / "gold" / "corpus-gold.jsonl",
}
# the record kinds each set labels: other measures there are vacuous (no gold, nothing to hold)
LABELLED = {"newsquant-dev-mp": ("figure",), "newsquant-dev": ("figure",), "polnear-dev": ("quote",)}
# a little slack so that a float tie does not flip the gate; real regressions are whole records
SLACK = 0.002
# field accuracies are measured on the matched pairs only, so a recall gain that matches a few harder records can
# lower them without anything getting worse: they get more room than the F1 measures
FIELD_SLACK = 0.02


def slack(measure: str) -> float:
    return FIELD_SLACK if "." in measure else SLACK


def measures(report: dict) -> dict[str, float]:
    from extractor.scoring import MEASURES
    out = {}
    for k in MEASURES:
        out[k] = round(report[k][2], 4)
    for f, v in report["figure_fields"].items():
        if v["scored"]:
            out[f"figure.{f}"] = round(v["accuracy"], 4)
    for f, v in report["quote_fields"].items():
        if v["scored"]:
            out[f"quote.{f}"] = round(v["accuracy"], 4)
    return out


def measure(name: str, mode: str = "accurate", extractor=None) -> dict[str, float]:
    from extractor.scoring import read_jsonl, score
    from extractor.inputs import read_file
    from extractor.extract import Extractor
    path = GOLD_SETS[name]
    extractor = extractor or Extractor(mode=mode)
    articles = [a for a in read_file(path) if not hasattr(a, "message")]
    system = {a.id: a.model_dump(mode="json") for a in extractor.pipe(articles)}
    kinds = LABELLED.get(name, ("figure", "quote", "region"))
    return {k: v for k, v in measures(score(read_jsonl(path), system)).items() if k.startswith(kinds)}


def main(argv: list[str]) -> int:
    from extractor.extract import Extractor
    update = "--update" in argv
    floors = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    extractor = Extractor(mode="accurate")
    for name, path in GOLD_SETS.items():
        if not path.exists():
            print(f"{name}: {path} missing, skipped")
            continue
        got = measure(name, extractor=extractor)
        old = floors.get(name, {})
        print(f"\n{name}")
        for k, v in got.items():
            floor = old.get(k)
            mark = "" if floor is None or v >= floor - slack(k) else "   BELOW FLOOR"
            print(f"  {k:22} {v:7.2%}   floor {'-' if floor is None else f'{floor:.2%}'}{mark}")
        if update:
            floors[name] = {k: max(v, old.get(k, 0.0)) for k, v in got.items()}
    if update:
        BASELINE.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n")
        print(f"\nwrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
