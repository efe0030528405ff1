"""Finding figures in text: the shapes of patterns/figures.jsonl, read into value and unit, ranges split in two.

One pass of each compiled shape over the whole text (no re-tokenising); overlapping matches keep the earlier
shape in the file, then the longer. A bare number joins a range only when a figure with a unit follows it
("three to five billion dlrs", "10 or 15 pct", "4-5%"), and takes that unit (and its scale where the bare number
is the smaller one: "$10 to $15 billion" is ten billion, "$800,000 to $1.3 million" stays as written).

Example:
    >>> [(f.text, f.value, f.unit) for f in find_figures("Exports rose 5.9% to $112 billion.")]
    [('5.9%', 5.9, '%'), ('$112 billion', 112000000000.0, 'USD')]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractor.numbers import number_value, scale_value
from extractor.patterns import load_json, load_jsonl
from extractor.units import (counted_lemma, currency_of_prefix, currency_of_word, minor_currency, percent_unit,
                             unit_pieces)

_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|to|or|and|through)\s*$", re.I)
_YEARISH = re.compile(r"(?:1[89]|20)\d\d")
_VIDEO_LINES = {"480", "576", "720", "1080", "1440", "2160", "4320"}
_MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")


@dataclass
class Found:
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    pattern_id: str
    raw: float = 0.0           # the number as written, before its scale
    scaled: bool = False       # the text carried its own scale word
    qualifier: str | None = None
    range_role: str | None = None   # "low" / "high" for the two ends of a range
    second_of_pair: bool = False    # the "to" end of "from X to Y"


@functools.lru_cache(maxsize=1)
def shapes() -> list[tuple[str, re.Pattern]]:
    pieces = unit_pieces()
    out = []
    for p in load_jsonl("figures.jsonl"):
        rx = p["regex"]
        for name, piece in pieces.items():
            rx = rx.replace("{" + name + "}", piece)
        out.append((p["id"], re.compile(rx)))
    return out


def _read(pid: str, m: re.Match) -> Found | None:
    g = m.groupdict()
    raw = number_value(g.get("num") or "")
    if raw is None:
        return None
    if g.get("sign"):
        raw = -raw
    scale = scale_value(g.get("scale"))
    unit = None
    if g.get("pre"):
        unit = currency_of_prefix(g["pre"])
        if g["pre"].strip() == "PS" and not g.get("scale") and "." not in g["num"] and "," not in g["num"]:
            return None  # "PS4" is a games console; only "PS2.7m"-like amounts are pounds
        if g.get("word"):
            unit = currency_of_word(g["word"]) or unit
    elif g.get("word"):
        unit = currency_of_word(g["word"], g.get("cq"))
    elif g.get("code"):
        unit = currency_of_prefix(g["code"])
    elif g.get("minor") is not None:
        if g["minor"] == "p" and g["num"].replace(",", "") in _VIDEO_LINES:
            return None  # "a 1080p screen"
        unit = minor_currency(g["minor"])
        scale = 0.01
    elif g.get("pct"):
        unit = percent_unit(g["pct"])
        if unit == "point" and not g["num"][:1].isdigit():
            return None  # "a five point programme", "the first two points"
    elif g.get("counted"):
        unit = counted_lemma(g["counted"])
    if pid != "range-low" and unit is None:
        return None
    if g.get("word") and g["num"].lower() == "one" and not g.get("scale"):
        return None  # "one dollar bought 102.55 yen": the unit of a rate
    if g.get("counted") and not g["num"][:1].isdigit() and not g.get("scale"):
        return None  # "after two aircraft flew to Beijing": a count in words is narrative, not a statistic
    if pid == "range-low" and _MONTH_BEFORE.search(m.string[max(0, m.start() - 12):m.start()]):
        return None  # "in week ended March 30 to 24%": a date
    if pid == "range-low" and not g.get("scale") and (_YEARISH.fullmatch(g["num"]) or not g["num"][:1].isdigit()
                                                      and raw < 1):
        return None  # a year, or "fell by half to 12 million tonnes"
    text = m.group().rstrip()
    return Found(m.start(), m.start() + len(text), text, raw * scale, unit, pid, raw, bool(g.get("scale")))


@functools.lru_cache(maxsize=1)
def _trigger() -> re.Pattern:
    """where a figure can start: a digit, or a number word (checked cheaply before the full shapes run)"""
    from extractor.numbers import _words
    w = _words()
    words = [x.split()[-1] for g in ("units", "tens", "fractions") for x in w[g]] + ["a", "an"]
    return re.compile(r"\d|(?i:\b(?:%s)\b)" % "|".join(sorted({re.escape(x) for x in words}, key=len, reverse=True)))


def _windows(text: str) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for m in _trigger().finditer(text):
        lo, hi = max(0, m.start() - 48), min(len(text), m.end() + 96)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def find_figures(text: str) -> list[Found]:
    """Every figure in `text`, in text order (offsets into `text`)."""
    taken: list[Found] = []
    occupied = bytearray(len(text) + 1)
    windows = _windows(text)
    for pid, rx in shapes():
        for m in (m for a, b in windows for m in rx.finditer(text, a, b)):
            f = _read(pid, m)
            if f is None or any(occupied[f.start:f.end]):
                continue
            taken.append(f)
            for i in range(f.start, f.end):
                occupied[i] = 1
    taken.sort(key=lambda f: f.start)
    return _ranges(text, taken)


@functools.lru_cache(maxsize=1)
def _movement_words() -> frozenset:
    d = load_json("directions.json")
    return frozenset(w for section in ("verbs", "adverbs") for ws in d[section].values() for w in ws)


def _is_range(text: str, low: Found, high: Found, bare: bool) -> bool:
    """"three to five billion dlrs", "between $2bn and $3bn", "4-5%" are ranges; "up 10.4 cents to $2.24" and
    "from 15 to 25 member states" are movements"""
    before = text[max(0, low.start - 12):low.start]
    if re.search(r"\bfrom\s*$", before, re.I):
        return False
    if re.search(r"\bbetween\s*$", before, re.I):
        return True
    if bare or text[low.end:high.start].strip() in ("-", "–", "—"):
        return True
    # "tariffs of 10% to 15%" is a range; "up 10.4 cents to $2.24" and "rose 3% to 5%" are movements
    words = re.findall(r"[a-z]+", before.lower())[-2:]
    return not any(w in _movement_words() or w in ("by", "up", "down") for w in words)


def _ranges(text: str, found: list[Found]) -> list[Found]:
    """give bare numbers the unit of the range end that follows them; drop bare numbers that end no range"""
    out: list[Found] = []
    kept_bare: list[Found] = []
    nxt: Found | None = None
    for f in reversed(found):
        joined = nxt is not None and nxt.unit is not None and _RANGE_JOIN.match(text[f.end:nxt.start]) is not None
        bare = f.unit is None
        if bare and joined and nxt.raw and abs(f.raw) > abs(nxt.raw) \
                and re.fullmatch(r"\s*(?:or|and)\s*", text[f.end:nxt.start], re.I):
            joined = False  # "up by 189,000 or 13.9%": two measures of one change, not a range
        if bare:
            if not joined:
                if f.scaled:
                    kept_bare.append(f)  # "from 5.89 billion in January": its unit may come from before
                continue
            f.unit = nxt.unit
        if joined and f.unit == nxt.unit and nxt.value != nxt.raw and not f.scaled and nxt.raw and f.value == f.raw \
                and abs(f.raw) <= abs(nxt.raw):
            f.value = f.raw * (nxt.value / nxt.raw)
        if joined and f.unit == nxt.unit and _is_range(text, f, nxt, bare):
            f.range_role, nxt.range_role = "low", "high"
        elif joined and f.unit == nxt.unit and re.search(r"\bfrom\s*$", text[max(0, f.start - 8):f.start], re.I):
            nxt.second_of_pair = True  # "from $800,000 to $1.3 million"
        out.append(f)
        nxt = f
    out.reverse()
    return _elliptic_scaled(text, out, kept_bare)


def _elliptic_scaled(text: str, found: list[Found], bare: list[Found]) -> list[Found]:
    """"widened to 8.27 billion dlrs in February from 5.89 billion in January": a scaled number with no unit
    takes the currency of the money figure before it in the same sentence"""
    for b in bare:
        prev = sorted((f for f in found if f.end <= b.start and b.start - f.end < 120), key=lambda f: f.end)
        if not prev or not prev[-1].unit or not prev[-1].unit.isupper():
            continue
        gap = text[prev[-1].end:b.start]
        if re.search(r"[.!?;]\s|\n\s*\n|\n[ \t]", gap):
            continue
        if not re.search(r"\b(?:from|to|against|versus|vs|with|and|or)\s+(?:a\s+)?(?:record\s+)?"
                         r"(?:[A-Z][a-z]+(?:\s+\d{4})?(?:'s|’s)\s+)?$", gap):
            continue
        if not re.search(r"[a-z]{2,}\s*$", b.text, re.I):
            continue  # "5.89 billion", "93 mln"; never "4K video"
        b.unit, b.pattern_id = prev[-1].unit, "money-elliptic"
        found.append(b)
        found.sort(key=lambda f: f.start)
    found.sort(key=lambda f: f.start)
    return found
