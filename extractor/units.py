"""Units of figures: currencies (symbols, codes, words, minor units), per cent and points, counted nouns, units of
measurement, scales.

Everything is read from patterns/units.json. `unit_pieces()` gives the regular-expression pieces that the figure
shapes in patterns/figures.jsonl refer to by name ({CUR_PRE}, {CUR_WORD}, ...); the look-up functions turn what
those pieces matched into the unit of SCHEMA.md.

Example:
    >>> currency_of_prefix("HK$"), currency_of_word("dlrs", "Canadian"), percent_unit("per  cent")
    ('HKD', 'CAD', '%')
    >>> counted_lemma("barrels"), minor_currency("cts", "U.S.")
    ('barrel', 'USD')
    >>> measure_unit("Kilometers"), measure_unit("mph"), measure_unit("degrees  Celsius")
    ('kilometre', 'mile per hour', 'celsius')
"""
from __future__ import annotations

import functools
import re

from extractor.numbers import _alternation, number_re
from extractor.patterns import load_json


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    return load_json("units.json")


def _norm(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def unit_pieces() -> dict[str, str]:
    """name -> regular expression (a named group where the figure reader needs what it matched)"""
    u = lexicon()
    short_scales = [k for k in u["scales"] if len(k) <= 3 and k not in ("mil",)]
    long_scales = [k for k in u["scales"] if k not in short_scales]
    # "3bn", "3 bn", "3 billion"; a single letter only when attached ("15m", not "15 m")
    scale = (rf"(?:\s*(?i:{_alternation(long_scales)})\b|\s?(?:{_alternation(k for k in short_scales if len(k) > 1)})\b"
             rf"|(?:{_alternation(k for k in short_scales if len(k) == 1)})\b)")
    cur_qual = _alternation(u["currency_qualifiers"])
    counted = _alternation(u["counted"])
    mods = _alternation(u["counted_modifiers"])
    return {
        "NUM": rf"(?P<num>{number_re()})",
        "SIGN": r"(?P<sign>[-−–](?=\d))",
        "SCALE": rf"(?P<scale>{scale})",
        "CUR_PRE": rf"(?P<pre>{_alternation(u['currency_prefixes'])})",
        "CUR_QUAL": rf"(?P<cq>{cur_qual})",
        "CUR_CODE": rf"(?P<code>{_alternation(k for k in u['currency_prefixes'] if re.fullmatch('[A-Z]{3}', k))})\b",
        # "275 pound-feet" is torque, not money
        "CUR_WORD": rf"(?P<word>(?i:{_alternation(u['currency_words'])}))(?![\w]|-f(?:ee|oo)t)",
        # "76.85 U.S. cts", "19 cents"; the pence "p" only attached ("118.5p"), never "5 p"
        "MINOR": rf"(?P<minor>\s*(?:(?:{cur_qual})\s+)?(?i:{_alternation(k for k in u['minor_units'] if k != 'p')})\b|p\b)",
        "PCT": rf"(?P<pct>(?i:{_alternation(u['percent'])}))(?![\w])",
        "COUNTED": rf"(?P<counted>{counted})\b",
        "MOD": rf"(?:{mods})",
        # written-out units in any case ("Miles"); symbols as written, where case tells them apart ("MW", "mW")
        "MEASURE": rf"(?P<measure>(?i:{_alternation(u['measure_words'])})|{_alternation(u['measure_symbols'])})(?!\w)",
    }


def currency_of_prefix(prefix: str) -> str | None:
    return lexicon()["currency_prefixes"].get(_norm(prefix))


def currency_of_word(word: str, qualifier: str | None = None) -> str | None:
    u = lexicon()
    base = u["currency_words"].get(_norm(word).lower())
    if qualifier and base in ("USD", "CNY", "JPY", "RUB", "INR", "MXN", "CHF", "SEK", "NOK", "FRF", "DZD"):
        # "Canadian dlrs", "Hong Kong dollars", "Soviet roubles": the qualifier names the issuing country
        q = u["currency_qualifiers"].get(_norm(qualifier))
        if q and (base in ("USD", "FRF", "DZD") or q == base or base == "RUB"):
            return q
    return base


def minor_currency(word: str, qualifier: str | None = None) -> str | None:
    u = lexicon()
    w = _norm(word)
    for q in sorted(u["currency_qualifiers"], key=len, reverse=True):
        if w.startswith(q):
            return u["currency_qualifiers"][q]
    if qualifier:
        return u["currency_qualifiers"].get(_norm(qualifier))
    return u["minor_units"].get(w.lower()) or u["minor_units"].get(w)


def percent_unit(word: str) -> str:
    u = lexicon()["percent"]
    w = _norm(word)
    return u.get(w) or u.get(w.lower()) or "%"


def counted_lemma(word: str) -> str:
    u = lexicon()["counted"]
    w = _norm(word)
    return u.get(w) or u.get(w.lower()) or w.lower()


def measure_unit(word: str) -> str | None:
    u = lexicon()
    w = _norm(word)
    return u["measure_symbols"].get(w) or u["measure_words"].get(w.lower())
