"""Currencies read from the whole story: a named dollar carries, wire stories from dollar countries, the yen sign
that is the yuan's, Soviet roubles.

Example:
    >>> from extractor.figure_find import find_figures
    >>> figs = find_figures("It rose to 2 billion Canadian dlrs from 900 mln dlrs.")
    >>> currency_context(figs, "It rose to 2 billion Canadian dlrs from 900 mln dlrs.", "1987-04-01")
    >>> [f.unit for f in figs]
    ['CAD', 'CAD']
"""
from __future__ import annotations

import re

from extractor.figure_find import Found
from extractor.patterns import load_json

_YUAN_WORDS = re.compile(r"\b(?:yuan|renminbi|RMB|China|Chinese|Beijing)\b")
_YEN_WORDS = re.compile(r"\b(?:yen|Japan|Japanese|Tokyo)\b")
_DOLLAR_WORD = re.compile(r"(?i)\b(?:dollars?|dlrs?|dls)\b")
_US_QUALIFIER = re.compile(r"\bU\.S\.|\bUS\b|\bAmerican\b")


def currency_context(found: list[Found], text: str, published: str | None, home: str | None = None) -> None:
    """"1.25 billion Canadian dlrs ... 623 mln dlrs": once a story names its dollar, a bare "dlrs" is that
    dollar, and in a story from a dollar country ("WELLINGTON - New Zealand's deficit ... 78 mln dlrs") it is
    that country's; roubles before 1992 (or in a Soviet story) are Soviet roubles"""
    units = load_json("units.json")
    soviet = units["soviet_currency"]
    year = int(published[:4]) if published and published[:4].isdigit() else None
    # the whole-text tests below run only for a story with a figure they can change
    is_soviet = (year is not None and year < soviet["before_year"]) or (
        any(f.unit == "RUB" for f in found) and any(w in text for w in soviet["context"]))
    sticky = units["home_dollars"].get(home or "")
    # "¥" is the yen's sign and the yuan's: the story's words decide
    yuan = any(f.unit == "JPY" and f.text.startswith("¥") for f in found) and \
        len(_YUAN_WORDS.findall(text)) > len(_YEN_WORDS.findall(text))
    last_money = None
    for i, f in enumerate(found):
        if yuan and f.unit == "JPY" and f.text.startswith("¥"):
            f.unit = "CNY"
        if f.unit == "RUB" and is_soviet:
            f.unit = soviet["RUB"]
        if f.pattern_id == "money-elliptic" and last_money:
            f.unit = last_money  # "78 mln dlrs ... from 93 mln": the amount before, as it now reads
        if f.unit and f.unit.isupper():
            last_money = f.unit
        if f.pattern_id != "money-word" or not _DOLLAR_WORD.search(f.text):
            continue
        if f.unit != "USD":
            sticky = f.unit
        elif sticky and not _US_QUALIFIER.search(f.text):
            f.unit = last_money = sticky
            if i and found[i - 1].range_role == "low":
                found[i - 1].unit = sticky
