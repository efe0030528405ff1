"""Numbers as written in news: digits with separators, decimals, signs, number words and scales.

The regular-expression pieces here are the building blocks of the figure shapes in patterns/figures.jsonl;
`number_value` reads what one of them matched. Lexicons live in patterns/number_words.json and patterns/units.json.

Example:
    >>> number_value("1,250.5"), number_value("twenty-five"), number_value("half a"), number_value("three hundred")
    (1250.5, 25.0, 0.5, 300.0)
    >>> scale_value("bn"), scale_value("Million")
    (1000000000.0, 1000000.0)
"""
from __future__ import annotations

import functools
import re

from extractor.patterns import load_json

# "7-3/4", "7 1/2" and "3/8" (wire copy's fractions) before plain digits, so that "7-3/4" is not read as "4"
DIGITS = r"(?:\d+[-\s])?\d/(?:2|4|8|16|32)(?![\d/])|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,]\d)|\.\d+"


def _alternation(words) -> str:
    """longest first, so that "per cent" wins over "per" and "billion" over "b"; spaces match any whitespace"""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts)


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    return load_json("number_words.json")


@functools.lru_cache(maxsize=1)
def word_number_re() -> str:
    """number words: "three", "twenty-five", "three hundred", "half a", "a quarter" (case-insensitive)"""
    w = _words()
    units = _alternation(w["units"])
    tens = _alternation(w["tens"])
    small = rf"(?:(?:{tens})(?:[-\s](?:{units}))?|{units})"
    hundred = rf"{small}\s+hundred(?:\s+(?:and\s+)?{small})?"
    fractions = _alternation(w["fractions"])
    return rf"(?i:\b(?:{fractions}|{hundred}|{small})\b)"


@functools.lru_cache(maxsize=1)
def number_re() -> str:
    """a number core: digits ("1,250.5") or number words; "a" counts as one only before a scale word"""
    scales = _alternation(k for k in load_json("units.json")["scales"] if len(k) > 2)
    return rf"(?:{DIGITS}|{word_number_re()}|(?i:\ban?(?=\s+(?:{scales})\b)))"


@functools.lru_cache(maxsize=1)
def _word_values() -> dict[str, float]:
    w = _words()
    out: dict[str, float] = {}
    for group in ("units", "tens", "fractions"):
        out.update({k.lower(): float(v) for k, v in w[group].items()})
    return out


def number_value(text: str) -> float | None:
    """The value of a number core as `number_re` matched it; None when it is not a number."""
    t = " ".join(text.lower().replace(",", "").split())
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    frac = re.fullmatch(r"(?:(\d+)[-\s])?(\d)/(\d+)", t)
    if frac:
        return float(frac.group(1) or 0) + int(frac.group(2)) / int(frac.group(3))
    words = _word_values()
    if t in words:
        return words[t]
    if t in ("a", "an"):
        return 1.0
    total, current = 0.0, 0.0
    for part in re.split(r"[-\s]+", t):
        if part == "and":
            continue
        if part == "hundred":
            current = (current or 1.0) * 100
        elif part in words:
            current += words[part]
        else:
            return None
    return total + current


@functools.lru_cache(maxsize=1)
def _scales() -> dict[str, float]:
    return {k: float(v) for k, v in load_json("units.json")["scales"].items()}


def scale_value(text: str | None) -> float:
    """The multiplier a scale word or abbreviation stands for; 1 for none. Single letters are case-sensitive
    ("m" is million, "M" too; "B" billion), words are not."""
    if not text:
        return 1.0
    s = _scales()
    t = " ".join(text.split())
    return s.get(t) or s.get(t.lower()) or 1.0
