"""When: which of a sentence's period mentions a figure covers, and the period a story is mostly about.

Example:
    >>> main_period(["2025-11", "2025-10", "2025-11"])
    '2025-11'
"""
from __future__ import annotations

import re

from extractor.figure_find import Found
from extractor.periods import Mention, shift_month, shift_year

PAREN = re.compile(r"^\s*[(\[]\s*(?:about|around|nearly|roughly|some|approximately|almost|over|more\s+than|"
                    r"less\s+than|up\s+to|or)?\s*$", re.I)
CHAIN = re.compile(r"^[^,;()]{0,30}?\b(?:to|at)\s+(?:a\s+)?(?:new\s+)?(?:record\s+)?(?:of\s+)?$", re.I)


def main_period(stated: list[str]) -> str | None:
    """the period the story is about: the one its figures state most (ties: the first stated)"""
    if not stated:
        return None
    return max(stated, key=lambda p: (stated.count(p), -stated.index(p)))


def figure_period(periods: list[Mention], text: str, sent, f: Found, found: list[Found],
            prev: dict | None) -> tuple[str | None, bool]:
    """the period a figure covers, and whether it is one the figure alone owns ("October's £3.6bn", "from
    £2.1bn in October"), which says nothing of the period the story is about"""
    lo, hi = sent.start_char, sent.end_char
    here = [m for m in periods if lo <= m.start < hi]
    if not here:
        return None, False
    others = [g for g in found if g is not f and lo <= g.start < hi]
    # "October's £3.6bn", "2003's imbalance of $496.5bn": the period owns the figure right after it
    for m in reversed(here):
        if m.end <= f.start and m.value and m.possessive and len(text[m.end:f.start].split()) <= 3 \
                and not any(m.end <= g.start < f.start for g in others):
            return m.value, True
    after_old = re.search(r"\bfrom\s+$", text[max(lo, f.start - 8):f.start], re.I) is not None
    for m in here:
        if m.start < f.end:
            continue
        gap = text[f.end:m.start]
        if m.value is None:
            if not gap.strip():
                # "falling 1.1 pct a year earlier": a year before the period the sentence is about
                anchor = next((x.value for x in here if x.value), None) or (prev or {}).get("period")
                if anchor and m.month_shift:
                    ok = re.fullmatch(r"\d{4}-\d\d", anchor)
                    return (shift_month(anchor, m.month_shift) if ok else None), True
                return (shift_year(anchor, m.shift) if anchor else None), True
            continue
        # a figure in between ends the reach, unless it is this one's new level ("rose 7% to $6bn in May")
        if re.search(r"\bsince\s+(?:the\s+)?$", text[max(lo, m.start - 10):m.start], re.I):
            continue  # "its biggest hike since 1994": where a comparison starts, not the figure's period
        blocked = re.search(r"\b(?:from|than|compared|versus|while|but|whereas|above|below|after|before|since)\b|;",
                            gap,
                            re.I) or any(f.end <= g.start < m.start and not PAREN.match(text[f.end:g.start])
                                         and not CHAIN.match(text[f.end:g.start]) for g in others)
        if not blocked or after_old:
            return m.value, after_old
        break
    for m in reversed(here):
        if m.end <= f.start and m.value:
            return m.value, after_old
    return None, False
