"""Scoring extracted articles against gold articles, by the rules of ../shared/eval/score.py.

Figures match on overlapping spans and values within 0.1% (on value alone, one-to-one, where gold has no
offsets); quotes on shared characters covering 30% (80%) of both spans; regions on overlap and equal codes.
Pairing is greedy in gold order, one-to-one. tests/test_scoring.py checks that this agrees with score.py.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Callable

FIGURE_FIELDS = ("unit", "qualifier", "direction", "kind", "metric", "reporter", "partner", "period", "basis",
                 "forecast", "record")
NULLABLE = {"direction", "reporter", "partner", "period", "basis"}
FULL_FIELDS = {"direction", "kind", "metric", "reporter", "partner", "period"}
QUOTE_FIELDS = ("kind", "title", "organization", "cue")
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "president", "minister"}
MEASURES = ("figure_value", "figure_value_unit", "figure_full", "quote@30", "quote@80", "quote+speaker@30",
            "region_mention", "region_set")


def read_jsonl(path: str | Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        return {str(a["id"]): a for a in (json.loads(line) for line in fh if line.strip())}


def f1(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    precision = tp / n_sys if n_sys else (0.0 if n_gold else 1.0)
    recall = tp / n_gold if n_gold else 1.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _spanned(x: dict) -> bool:
    return isinstance(x.get("start"), int) and isinstance(x.get("end"), int)


def _shared(a: dict, b: dict) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def _values_agree(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b)) + 1e-9


def pair(gold: list, system: list, fits: Callable[[dict, dict], bool]) -> list[tuple[dict, dict]]:
    taken: set[int] = set()
    pairs = []
    for g in gold:
        j = next((j for j, s in enumerate(system) if j not in taken and fits(g, s)), None)
        if j is not None:
            taken.add(j)
            pairs.append((g, system[j]))
    return pairs


def figures_fit(g: dict, s: dict) -> bool:
    if not _values_agree(g.get("value"), s.get("value")):
        return False
    return _shared(g, s) > 0 if _spanned(g) and _spanned(s) else True


def quotes_fit(cover: float) -> Callable[[dict, dict], bool]:
    def fits(g: dict, s: dict) -> bool:
        if not (_spanned(g) and _spanned(s)):
            return False
        n = _shared(g, s)
        return n > 0 and n >= cover * (g["end"] - g["start"]) and n >= cover * (s["end"] - s["start"])
    return fits


def name_key(name) -> str:
    folded = unicodedata.normalize("NFKD", name or "").casefold()
    return " ".join(w for w in re.findall(r"[a-z0-9]+", folded) if w not in HONORIFICS)


def speakers_agree(g: dict, s: dict) -> bool:
    if name_key(g.get("speaker")) and name_key(g.get("speaker")) == name_key(s.get("speaker")):
        return True
    gs = {"start": g.get("speaker_start"), "end": g.get("speaker_end")}
    ss = {"start": s.get("speaker_start"), "end": s.get("speaker_end")}
    return _spanned(gs) and _spanned(ss) and _shared(gs, ss) > 0


def _money_or_percent(fig: dict) -> bool:
    return fig.get("unit") in ("%", "pp") or bool(re.fullmatch(r"[A-Z]{3}", str(fig.get("unit"))))


def score(gold: dict[str, dict], system: dict[str, dict], errors: int = 0) -> dict:
    n = dict.fromkeys(["fg", "fs", "ftp", "futp", "ffull", "qg", "qs", "q30", "q80", "qsp", "rg", "rs", "rtp",
                       "sg", "ss", "stp"], 0)
    ff = {f: [0, 0, 0] for f in FIGURE_FIELDS}
    qf = {f: [0, 0] for f in QUOTE_FIELDS}
    notes: list[list] = []
    for aid, g in gold.items():
        s = system.get(aid, {})
        gfig, sfig = g.get("figures", []), s.get("figures", [])
        if g.get("figure_scope") == "money_percent":
            sfig = [x for x in sfig if _money_or_percent(x)]
        pairs = pair(gfig, sfig, figures_fit)
        n["fg"] += len(gfig)
        n["fs"] += len(sfig)
        n["ftp"] += len(pairs)
        hit_g, hit_s = {id(a) for a, _ in pairs}, {id(b) for _, b in pairs}
        notes += [[aid, "missed figure", x.get("text") or x.get("value")] for x in gfig if id(x) not in hit_g]
        notes += [[aid, "extra figure", x.get("text")] for x in sfig if id(x) not in hit_s]
        for a, b in pairs:
            full = a.get("unit") == b.get("unit")
            n["futp"] += full
            for f in FIGURE_FIELDS:
                if f not in a:
                    continue
                if f in NULLABLE and a.get(f) is None:
                    ff[f][2] += b.get(f) is not None
                    continue
                same = a.get(f) == b.get(f)
                ff[f][0] += same
                ff[f][1] += 1
                if not same:
                    notes.append([aid, f"figure {f}", f"{a.get('text') or a.get('value')}: gold {a.get(f)!r}, "
                                                      f"got {b.get(f)!r}"])
                if f in FULL_FIELDS:
                    full = full and same
            n["ffull"] += full
        gq, sq = g.get("quotes"), s.get("quotes", [])
        if gq is not None:
            if g.get("all_attributions"):
                loose = quotes_fit(0.3)
                sq = [q for q in sq if any(loose(x, q) for x in gq) or not any(loose(x, q) for x in g["all_attributions"])]
            p30 = pair(gq, sq, quotes_fit(0.3))
            with_speaker = pair(gq, sq, lambda a, b: quotes_fit(0.3)(a, b) and speakers_agree(a, b))
            n["qg"] += len(gq)
            n["qs"] += len(sq)
            n["q30"] += len(p30)
            n["q80"] += len(pair(gq, sq, quotes_fit(0.8)))
            n["qsp"] += len(with_speaker)
            got = {id(a) for a, _ in with_speaker}
            notes += [[aid, "missed quote", f"{x.get('speaker')}: {x.get('text', '')[:60]}"] for x in gq if id(x) not in got]
            got_s = {id(b) for _, b in p30}
            notes += [[aid, "extra quote", f"{x.get('speaker')}: {x.get('text', '')[:60]}"] for x in sq if id(x) not in got_s]
            for a, b in p30:
                for f in QUOTE_FIELDS:
                    if a.get(f) is not None:
                        qf[f][1] += 1
                        qf[f][0] += name_key(a.get(f)) == name_key(b.get(f))
        gr, sr = g.get("regions"), s.get("regions", [])
        if gr is not None:
            n["rg"] += len(gr)
            n["rs"] += len(sr)
            n["rtp"] += len(pair(gr, sr, lambda a, b: a.get("code") == b.get("code") and _shared(a, b) > 0))
            gset, sset = {x.get("code") for x in gr}, {x.get("code") for x in sr}
            n["sg"] += len(gset)
            n["ss"] += len(sset)
            n["stp"] += len(gset & sset)
            notes += [[aid, "missed region", c] for c in sorted(gset - sset)]
            notes += [[aid, "extra region", c] for c in sorted(sset - gset)]
    return {
        "articles": len(gold), "figures_gold": n["fg"], "figures_system": n["fs"],
        "figure_value": f1(n["ftp"], n["fs"], n["fg"]),
        "figure_value_unit": f1(n["futp"], n["fs"], n["fg"]),
        "figure_full": f1(n["ffull"], n["fs"], n["fg"]),
        "figure_fields": {f: {"accuracy": a / k if k else None, "scored": k, "spurious": sp}
                          for f, (a, k, sp) in ff.items()},
        "quotes_gold": n["qg"], "quotes_system": n["qs"],
        "quote@30": f1(n["q30"], n["qs"], n["qg"]),
        "quote@80": f1(n["q80"], n["qs"], n["qg"]),
        "quote+speaker@30": f1(n["qsp"], n["qs"], n["qg"]),
        "quote_fields": {f: {"accuracy": a / k if k else None, "scored": k} for f, (a, k) in qf.items()},
        "region_mention": f1(n["rtp"], n["rs"], n["rg"]),
        "region_set": f1(n["stp"], n["ss"], n["sg"]),
        "errors": notes[:errors] if errors else [],
    }


def show(report: dict) -> str:
    lines = [f"articles {report['articles']}   figures gold {report['figures_gold']} system {report['figures_system']}"
             f"   quotes gold {report['quotes_gold']} system {report['quotes_system']}"]
    for k in MEASURES:
        p, r, f = report[k]
        lines.append(f"{k:18} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
    lines.append("figure fields (accuracy on matched pairs where gold has a value; spurious = set where gold is null):")
    for f, v in report["figure_fields"].items():
        if v["scored"] or v["spurious"]:
            acc = "   -  " if v["accuracy"] is None else f"{v['accuracy']:6.1%}"
            lines.append(f"  {f:10} {acc}  of {v['scored']:4}   spurious {v['spurious']}")
    lines.append("quote fields (accuracy on matched quotes where gold has a value):")
    for f, v in report["quote_fields"].items():
        if v["scored"]:
            lines.append(f"  {f:12} {v['accuracy']:6.1%}  of {v['scored']}")
    lines += ["  " + " | ".join(str(x) for x in e) for e in report["errors"]]
    return "\n".join(lines)


def extract_gold(gold_path: str | Path, mode: str = "accurate", conventions=None) -> dict[str, dict]:
    """Extract the articles of a gold file (its labels ignored) and return them as SCHEMA.md dicts by id."""
    from extractor.extract import Extractor
    from extractor.inputs import read_file

    articles = [a for a in read_file(Path(gold_path)) if not hasattr(a, "message")]
    extractor = Extractor(mode=mode, conventions=conventions)
    return {a.id: a.model_dump(mode="json") for a in extractor.pipe(articles)}


def evaluate(gold_path: str | Path, mode: str = "accurate", errors: int = 0, conventions=None) -> dict:
    """Score extraction of a gold file; `conventions` (extractor.conventions.Conventions) default to SCHEMA.md's."""
    return score(read_jsonl(gold_path), extract_gold(gold_path, mode, conventions), errors)
