"""Periods: the time spans that figures cover, found in text and normalised against a reference date.

`period_mentions(text, reference)` finds every period expression ("in November", "the fourth quarter of 1986",
"the first eleven months of 2004", "last year", "October's", "fiscal 2021") and normalises it to SCHEMA.md's
form (`2025-11`, `1986-Q4`, `2004-01/2004-11`, `2024`). A year left implicit comes from the reference date:
the article's `published` date, or, where an article has none, the year after the year its text names most
(so "last year" and "in November" resolve to that year, as an archive story about it reads).

Example:
    >>> [m.value for m in period_mentions("Exports rose in November and in the fourth quarter of 1986.",
    ...                                    reference_date("2025-12-08", ""))]
    ['2025-11', '1986-Q4']
    >>> shift_year("2004-Q4", -1), shift_month("2025-01", -1)
    ('2003-Q4', '2024-12')
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from extractor.patterns import load_json
from extractor.regexes import matches_at

YEAR = r"(?:1[89]\d\d|20\d\d)"
_FORWARD = re.compile(r"\b(?:expect\w*|forecast\w*|predict\w*|will|would|could|target\w*|projected|"
                      r"outlook|by|until|later|next)\b[^.;]*$", re.I)
# the digits first and the look-behind after them (one character before the four digits): a pattern that starts with
# "1" or "2" lets the regex engine skip to the next such character
_YEAR_RE = re.compile(rf"{YEAR}(?<![\w$£€.,/-]....)(?![\w%]|[.,]\d)")


@dataclass
class Mention:
    start: int
    end: int
    value: str | None        # normalised period; None for "a year earlier" (resolved against a neighbour)
    possessive: bool = False  # "October's £3.6bn": the period owns the figure that follows
    shift: int = 0            # years to shift the neighbouring period by ("a year earlier": -1)
    month_shift: int = 0      # months to shift a neighbouring month by ("a month earlier": -1)


@functools.lru_cache(maxsize=1)
def _lex() -> dict:
    return load_json("periods.json")


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _regex() -> re.Pattern:
    lx = _lex()
    month = rf"(?:{_alt(m.capitalize() for m in lx['months'])})\.?"
    ordn = _alt(lx["ordinals"])
    count = _alt(lx["counts"])
    of_year = rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<{{n}}>{YEAR})|(?P<{{n}}r>last|this|next|the\s+previous|the)\s+year))?"
    parts = [
        rf"(?P<months>\bfirst\s+(?P<mcount>{count})\s+months{of_year.format(n='my')})",
        # "the 12 months to March", "the eight months to end-August", "the year to June 2024"
        rf"(?P<upto>\b(?:(?P<ucount>{count}|12|twelve)[\s-]+months?|(?P<uyear>year))\s+(?:to|through|ended|ending)\s+"
        rf"(?:the\s+end\s+of\s+|end-)?(?P<umonth>{month})(?:\s+(?P<uy>{YEAR}))?)",
        rf"(?P<q3m>\b(?P<q3mo>first|final|last)\s+three\s+months{of_year.format(n='q3y')})",
        rf"(?P<qtr>\b(?P<qord>{ordn})[\s-]+quarter{of_year.format(n='qy')})",
        rf"(?P<qcode>\bQ(?P<qn>[1-4])(?:\s+(?P<qcy>{YEAR}))?\b)",
        rf"(?P<half>\b(?P<hord>first|second)[\s-]+half{of_year.format(n='hy')})",
        rf"(?P<mrange>(?P<m1>{month})\s*(?:-|–|to|through)\s*(?P<m2>{month})(?:\s+(?P<mry>{YEAR}))?)",
        rf"(?P<month>(?P<mname>{month}|(?<=in\s)(?:{_alt(m for m in lx['months'] if len(m) > 4)}))"
        rf"(?:\s+\d{{1,2}}(?!\d))?(?:,?\s+(?:(?P<mony>{YEAR})|(?P<monr>last|this|next)\s+year))?"
        rf"(?P<mposs>'s|’s)?(?!\w))",
        rf"(?P<fiscal>\b(?:fiscal(?:\s+year)?\s+|FY\s?)(?P<fy>{YEAR})\b)",
        rf"(?P<earlier>\b(?i:{_alt(lx['year_earlier'])})(?!\w))",
        rf"(?P<mearlier>\b(?i:{_alt(lx['month_earlier'])})(?!\w))",
        rf"(?P<rel>\b(?i:{_alt(k for k in lx['relative_years'] if k not in lx['year_earlier'])})(?!\w))",
        rf"(?P<relm>\b(?i:{_alt(lx['relative_months'])})(?!\w))",
        # "the 2030 government bond" names a bond, not a period
        rf"(?P<year>(?<![\w$£€.,/-])(?P<yv>{YEAR})(?P<yposs>'s|’s)?(?![\w%]|[.,]\d)"
        rf"(?!\s+(?:government\s+|benchmark\s+)?(?:bonds?|notes?|paper|maturity|gilts?)\b))",
    ]
    return re.compile(rf"(?={_head()})(?:{'|'.join(parts)})")


@functools.lru_cache(maxsize=1)
def _openers() -> tuple[list[str], list[str], list[str]]:
    """(three-letter month starts, words that open a period phrase, words that follow "a/the/last/this/next" in
    one), from patterns/periods.json: what `_head` and `_spaced_head` look for before the full regex runs"""
    lx = _lex()
    months = sorted({m[:3] for m in lx["months"]})
    firsts = {"first", "final", "fiscal", "fy", "year", "twelve"} | {w for w in lx["ordinals"] if w.isalpha()}
    firsts |= {w for w in lx["counts"] if w.isalpha()}
    seconds = {"quarter", "three", "year", "month"}
    for key in ("year_earlier", "month_earlier", "relative_years", "relative_months"):
        firsts |= {p.split()[0].lower() for p in lx[key]}
        seconds |= {p.split()[1].lower() for p in lx[key] if len(p.split()) > 1}
    firsts -= {"a", "the", "last", "this", "next"}  # these only before one of a few words
    return months, sorted(firsts, key=len, reverse=True), sorted(seconds)


@functools.lru_cache(maxsize=1)
def _head() -> str:
    """What every period expression starts with, checked before the alternatives are tried one by one (most
    positions fail here, in a few steps): a digit after a non-word character, a capitalised month, a lower-case one
    after "in", or a word that opens one of the phrases (case-insensitive: a superset of the alternatives)."""
    months, firsts, seconds = _openers()
    return (rf"(?<!\w)\d|[{''.join(sorted({m[0].upper() for m in months}))}]"
            rf"(?:{'|'.join(m[1:] for m in months)})|(?<=in\s)(?:{'|'.join(months)})"
            rf"|(?<!\w)(?i:q[1-4]|(?:a|the|last|this|next)[\s-]+(?:{'|'.join(seconds)})"
            rf"|(?:{'|'.join(firsts)}))")


def reference_date(published: str | None, text: str) -> dt.date | None:
    """`published` as a date; else January of the year after the year the text names most; else None."""
    if published:
        try:
            return dt.date.fromisoformat(str(published)[:10])
        except ValueError:
            pass
    # a year named in a forecast ("expected to drop later in 2005") is not the year the story looks back on
    years = [int(m.group()) for m in _YEAR_RE.finditer(text)
             if not _FORWARD.search(text[max(0, m.start() - 60):m.start()])]
    years = years or [int(y) for y in _YEAR_RE.findall(text)]
    years = [y for y in years if 1900 <= y <= 2099]
    if not years:
        return None
    # the year the story is about is the one it names most (a forecast "for 2005" is named once)
    main = max(set(years), key=lambda y: (years.count(y), y))
    return dt.date(main + 1, 1, 15)


def _month_year(month: int, ref: dt.date) -> int:
    return ref.year if month <= ref.month else ref.year - 1


def _year_of(m: re.Match, name: str, ref: dt.date | None) -> int | None:
    if m.group(name):
        return int(m.group(name))
    rel = m.group(name + "r")
    if rel and ref:
        return ref.year + {"last": -1, "this": 0, "next": 1, "the": 0}.get(rel.lower(), -1)
    return None


_MAY_CONTEXT = re.compile(r"(?:\b(?:in|of|since|for|until|during|by|from|to|end|early|late|mid|and)\s+|-)$", re.I)


@functools.lru_cache(maxsize=1)
def _spaced_head() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """`_head` over figure_find.spaced_copy (lower case, digits as "0", non-word characters as spaces, so every
    word follows a space): the words and digits it starts with, after a space (and at the start of the text); the
    capitalised three-letter month starts, to find in the text itself anywhere (a capitalised month needs no word
    boundary); and "in " before a lower-case one, to find in the spaced copy"""
    months, firsts, seconds = _openers()
    head = rf"(?=0|q0|(?:a|the|last|this|next) +(?:{'|'.join(seconds)})|(?:{'|'.join(firsts)}))"
    return (re.compile(" " + head), re.compile(head), re.compile("|".join(m.capitalize() for m in months)),
            re.compile("in (?=%s)" % "|".join(months)))


def period_starts(text: str, start: int = 0, end: int | None = None, spaced: str | None = "") -> list[int] | None:
    """Where in text[start:end] a period expression can start (a superset, sorted), from the text's spaced copy
    (`figure_find.spaced_copy(text)`: pass it where a caller asks for many slices of one text); None where the
    text has none (then `period_mentions` runs its regex over the text)."""
    if spaced == "":
        from extractor.figure_find import spaced_copy
        spaced = spaced_copy(text)
    if spaced is None:
        return None
    end = len(text) if end is None else end
    rx, head, caps, lows = _spaced_head()
    out = [0] if start == 0 and head.match(spaced, 0, end) else []
    # a match of rx is the space before a word (or digits) that can open a period
    out += [m.start() + 1 for m in rx.finditer(spaced, max(0, start - 1), end) if m.start() + 1 < end]
    # a capitalised month, anywhere ("Jan", "March", "Sept"); "in march": a month in lower case after "in"
    out += [m.start() for m in caps.finditer(text, start, end)]
    out += [m.start() + 3 for m in lows.finditer(spaced, max(0, start - 3), end)]
    out.sort()
    return out


def period_mentions(text: str, ref: dt.date | None, start: int = 0, end: int | None = None,
                    starts: list[int] | None = None) -> list[Mention]:
    """Period expressions in text[start:end], normalised; offsets are into `text`. `starts`: `period_starts(text)`
    where the caller has it (the regex then runs only there, with the same matches)."""
    lx = _lex()
    months = lx["months"]
    out: list[Mention] = []
    end = len(text) if end is None else end
    rx = _regex()
    for m in (rx.finditer(text, start, end) if starts is None else matches_at(rx, text, starts, start, end)):
        value, poss, shift = None, False, 0
        kind = m.lastgroup
        if kind == "months":
            y = _year_of(m, "my", ref)
            n = lx["counts"][m.group("mcount").lower()]
            y = y or (ref.year if ref and ref.month > n else (ref.year - 1 if ref else None))
            value = (f"{y}-Q1" if n == 3 else f"{y}-H1" if n == 6 else f"{y}-01/{y}-{n:02d}") if y else None
        elif kind == "upto":
            end_m = months[m.group("umonth").rstrip(".").lower()]
            n = 12 if m.group("uyear") else lx["counts"].get(m.group("ucount").lower(), 12)
            y = int(m.group("uy")) if m.group("uy") else (_month_year(end_m, ref) if ref else None)
            if y is None:
                continue
            end = f"{y}-{end_m:02d}"
            value = end if n == 1 else f"{shift_month(end, -(n - 1))}/{end}"
        elif kind == "q3m":
            y = _year_of(m, "q3y", ref)
            if y is None:
                continue
            value = f"{y}-Q{1 if m.group('q3mo').lower() == 'first' else 4}"
        elif kind == "qtr":
            ordw = m.group("qord").lower()
            q = lx["ordinals"][ordw]
            y = _year_of(m, "qy", ref)
            if y is None and ref:
                cur = (ref.month - 1) // 3 + 1
                if ordw == "last" and not m.group("qy"):
                    q, y = (cur - 1, ref.year) if cur > 1 else (4, ref.year - 1)
                else:
                    y = ref.year if q <= cur else ref.year - 1
            value = f"{y}-Q{q}" if y else None
        elif kind == "qcode":
            q = int(m.group("qn"))
            y = int(m.group("qcy")) if m.group("qcy") else (ref.year if ref and q <= (ref.month - 1) // 3 + 1 else
                                                           (ref.year - 1 if ref else None))
            value = f"{y}-Q{q}" if y else None
        elif kind == "half":
            h = 1 if m.group("hord").lower() == "first" else 2
            y = _year_of(m, "hy", ref)
            if y is None and ref:
                y = ref.year if h == 1 and ref.month > 6 else ref.year - 1 if h == 2 or ref.month <= 6 else ref.year
            value = f"{y}-H{h}" if y else None
        elif kind == "mrange":
            a = months[m.group("m1").rstrip(".").lower()]
            b = months[m.group("m2").rstrip(".").lower()]
            y = int(m.group("mry")) if m.group("mry") else (_month_year(b, ref) if ref else None)
            if y is None or b < a:
                continue
            value = f"{y}-Q{b // 3}" if a % 3 == 1 and b == a + 2 else f"{y}-{a:02d}/{y}-{b:02d}"
        elif kind == "month":
            name = m.group("mname").rstrip(".")
            if name in ("May", "March") and not m.group("mony") and not m.group("mposs") \
                    and not _MAY_CONTEXT.search(text[max(0, m.start() - 12):m.start()]):
                continue  # the modal "May" and the verb "March"
            mo = months[name.lower()]
            y = int(m.group("mony")) if m.group("mony") else (_month_year(mo, ref) if ref else None)
            if m.group("monr") and ref:  # "in February last year"
                y = ref.year + {"last": -1, "this": 0, "next": 1}[m.group("monr").lower()]
            value = f"{y}-{mo:02d}" if y else None
            poss = bool(m.group("mposs"))
        elif kind == "fiscal":
            value = m.group("fy")
        elif kind == "earlier":
            shift = -1
        elif kind == "mearlier":
            out.append(Mention(m.start(), m.end(), None, False, 0, -1))
            continue
        elif kind == "rel":
            phrase = " ".join(m.group().lower().replace("’", "'").split())
            off = lx["relative_years"][phrase]
            value = str(ref.year + off) if ref else None
            poss = phrase.endswith("'s")
        elif kind == "relm":
            phrase = " ".join(m.group().lower().split())
            if ref:
                value = shift_month(f"{ref.year}-{ref.month:02d}", lx["relative_months"][phrase])
        elif kind == "year":
            value = m.group("yv")
            poss = bool(m.group("yposs"))
        if value is not None or shift:
            out.append(Mention(m.start(), m.end(), value, poss, shift))
    return out


def shift_year(period: str, years: int) -> str:
    """Move a normalised period by whole years: `2004-Q4` -> `2003-Q4`; ranges move at both ends."""
    return "/".join(str(int(p[:4]) + years) + p[4:] for p in period.split("/"))


def shift_month(period: str, months: int) -> str:
    y, m = int(period[:4]), int(period[5:7])
    n = y * 12 + (m - 1) + months
    return f"{n // 12}-{n % 12 + 1:02d}"
