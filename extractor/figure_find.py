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

from extractor.numbers import _alternation, number_value, scale_value
from extractor.patterns import load_json, load_jsonl
from extractor.regexes import trie
from extractor.units import (counted_lemma, currency_of_prefix, currency_of_word, lexicon, measure_unit,
                             minor_currency, percent_unit, unit_pieces)

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
    if pid == "range-low" and not g.get("scale") and _YEARISH.fullmatch(g.get("num") or ""):
        return None  # a year (the checks below come to the same, later)
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
    elif g.get("measure"):
        unit = measure_unit(g["measure"])
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
    return re.compile(r"\d|(?i:\b(?:%s)\b)" % "|".join(sorted({re.escape(x) for x in _trigger_words()}, key=len,
                                                                reverse=True)))


@functools.lru_cache(maxsize=1)
def _trigger_words() -> frozenset:
    from extractor.numbers import _words
    w = _words()
    return frozenset([x.split()[-1] for g in ("units", "tens", "fractions") for x in w[g]] + ["a", "an"])


def _windows(text: str) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for m in _trigger().finditer(text):
        lo, hi = max(0, m.start() - 48), min(len(text), m.end() + 96)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


# characters whose lower case has another length, or that match an ASCII letter only under re.IGNORECASE
# (dotted and dotless i, long s): the lower-cased scan below would not see what the shapes see
_FOLD_ODD = ("\u0130", "\u0131", "\u017f")
_SIGN_OR_POINT = frozenset("-\u2212\u2013.")
# words that end a number but never start one ("a third", "two thirds", "three quarters")
_WORD_CHAR = re.compile(r"\w")
_NOT_FIRST = frozenset({"a", "an", "third", "thirds", "quarters"})


# characters that are not word characters, as spaces: every word then starts after a space (str.translate for an
# ASCII text, a regex elsewhere)
_NONWORD_SPACE = str.maketrans({chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
                               | {chr(c): "0" for c in range(ord("0"), ord("9") + 1)})
# ... and every digit as "0": a regex that starts with a plain character is searched for quickly
_ZEROS = re.compile(r"00*")
_NONWORD = re.compile(r"\W")
_NON_ASCII_WORD = re.compile(r"[^\x00-\x7f](?<=\w)")
_DIGIT_RUN = re.compile(r"\d+")
_SIGN = frozenset("-\u2212\u2013")


@functools.lru_cache(maxsize=1)
def _spaced_words() -> re.Pattern:
    """`_scan`'s words for a text whose non-word characters are spaces (a hyphenated trigger is two words there;
    the windows they make are the same)"""
    u = lexicon()
    scales = _alternation({k.lower() for k in u["scales"] if len(k) > 2} | {"half", "quarter", "third", "tenth",
                                                                             "dozen"})
    words = trie({w.lower() for w in _trigger_words() if "-" not in w} - {"a", "an"})
    return re.compile(rf" (?P<w>(?P<an>an?)(?= +(?:{scales}))|an?|{words})(?= |$)")


@functools.lru_cache(maxsize=1)
def _prefix_ends() -> dict[str, list[tuple[str, str]]]:
    """currency prefixes (lower case) by their last character: (part before a space or "", the rest)"""
    out: dict[str, list[tuple[str, str]]] = {}
    for k in lexicon()["currency_prefixes"]:
        p = " ".join(k.lower().split())
        head, _, tail = p.rpartition(" ")
        out.setdefault(p[-1], []).append((head, tail))
    return out


def _after_boundary(low: str, p: int) -> bool:
    """whether a number can start at p: every number shape looks behind it for no word character, "." or ","
    (`_plan` checks that they do)"""
    if not p:
        return True
    c = low[p - 1]
    return not (c.isalnum() or c in "_.,")


def _may_follow_prefix(low: str, n: int, digit: bool, last_chars) -> bool:
    """whether a currency prefix can end right before n, or one white-space character (and a sign) before it: the
    character there is the last of some prefix (a cheap test before `_prefixes_before`)"""
    if not n:
        return False
    c = low[n - 1]
    if c in last_chars:
        return True
    sign = digit and c in _SIGN
    if n > 1 and (sign or c.isspace()):
        c2 = low[n - 2]
        if c2 in last_chars:
            return True
        return sign and n > 2 and c2.isspace() and low[n - 3] in last_chars
    return False


def _prefixes_before(low: str, n: int, digit: bool) -> list[int]:
    """Starts of the currency prefixes (the case-sensitive ones among them) that a number starting at n can follow
    (lower-cased text): the prefix, one optional white-space character, a sign before digits. The prefix's
    look-behind: no word character, "$" or "." before it."""
    ends = [n]
    if n and low[n - 1].isspace():
        ends.append(n - 1)
    if digit and n and low[n - 1] in _SIGN:
        ends.append(n - 1)
        if n > 1 and low[n - 2].isspace():
            ends.append(n - 2)
    out = []
    table = _prefix_ends()
    for e in ends:
        if not e:
            continue
        for head, tail in table.get(low[e - 1], ()):
            st = e - len(tail)
            if st < 0 or not low.startswith(tail, st):
                continue
            if head:
                # "US $": white space of any length between the parts
                k = st
                while k and low[k - 1].isspace():
                    k -= 1
                if k == st or k < len(head) or not low.startswith(head, k - len(head)):
                    continue
                st = k - len(head)
            c = low[st - 1] if st else ""
            if not c or not (c.isalnum() or c in "_$."):
                out.append(st)
    return out


def spaced_copy(text: str, low: str | None = None) -> str | None:
    """`text` lower-cased, every digit as "0" and every non-word character as a space, with the same offsets (a
    regex that starts with a plain character runs fast over it); None where a non-ASCII word character (a letter,
    a digit) would not come out right, or where lower-casing moves offsets or case-insensitive matching differs
    from it (dotted and dotless i, long s).

    Example:
        >>> spaced_copy("Exports rose 5.9% in Q3.")
        'exports rose 0 0  in q0 '
    """
    low = text.lower() if low is None else low
    if len(low) != len(text) or any(c in text for c in _FOLD_ODD):
        spaced = None
    elif text.isascii():
        spaced = low.translate(_NONWORD_SPACE)
    elif _NON_ASCII_WORD.search(low):
        spaced = None
    else:
        # non-ASCII characters that are no word characters ("’", "—", "£") become "?", then spaces
        spaced = low.encode("ascii", "replace").decode("ascii").translate(_NONWORD_SPACE)
    return spaced


def _scan_fast(text: str, low: str) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """`_matches`' windows and starts, from cheaper passes than `_scan`'s: digit runs, the words after the spaces of
    the text with its non-word characters as spaces, and the currency prefixes looked up backwards from each
    number."""
    n = len(text)
    triggers = []
    starts: list[tuple[int, int]] = []
    spaced = spaced_copy(text, low)
    last_chars = _prefix_ends()
    for m in (_DIGIT_RUN.finditer(low) if spaced is None else _ZEROS.finditer(spaced)):
        s, e = m.span()
        triggers.append((s, e))
        c = low[s - 1] if s else ""
        if c in _SIGN_OR_POINT:
            if _after_boundary(low, s - 1):
                starts.append((s - 1, 1))
            if c == "." and _may_follow_prefix(low, s - 1, False, last_chars):
                starts += [(p, 0) for p in _prefixes_before(low, s - 1, False)]
        if not c or not (c.isalnum() or c in "_.,"):
            starts.append((s, 1))
        if _may_follow_prefix(low, s, True, last_chars):
            starts += [(p, 0) for p in _prefixes_before(low, s, True)]
    if spaced is None:
        spaced = _NONWORD.sub(" ", low)
    for m in _spaced_words().finditer(" " + spaced):
        s, e = m.start("w") - 1, m.end("w") - 1
        triggers.append((s, e))
        if m.start("an") >= 0 or low[s:e] not in _NOT_FIRST:
            if not s or low[s - 1] not in ".,":  # (after "." or ",": a currency prefix's number, if any)
                starts.append((s, 2))
            if _may_follow_prefix(low, s, False, last_chars):
                starts += [(p, 0) for p in _prefixes_before(low, s, False)]
    triggers.sort()
    windows: list[list[int]] = []
    for s, e in triggers:
        lo, hi = s - 48 if s > 48 else 0, e + 96 if e + 96 < n else n
        if windows and lo <= windows[-1][1]:
            if hi > windows[-1][1]:
                windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    starts.sort()
    return windows, starts


@functools.lru_cache(maxsize=1)
def _plan() -> tuple | None:
    """How `_matches` runs the shapes: (prefix shapes, unit shapes, bare shapes) as indices into `shapes()`, or
    None where a shape has a start the candidate scan was not made for (then every text takes the slow path).
    Prefix shapes start with a currency prefix; the others with a sign or a number, and need a unit word after it
    (unit shapes) or not (bare shapes, "range-low")."""
    prefix, unit, bare = [], [], []
    for k, p in enumerate(load_jsonl("figures.jsonl")):
        rx = p["regex"]
        if rx.startswith("(?<![\\w$.])(?:{CUR_PRE})\\s?{SIGN}?{NUM}"):
            prefix.append(k)
        elif re.match(r"\(\?<!\[\\w\.,[^\]]*\]\)(?:\{SIGN\}\?)?\{NUM\}", rx):
            (unit if any("{%s}" % u in rx for u in ("CUR_WORD", "CUR_CODE", "MINOR", "PCT", "COUNTED",
                                                                 "MEASURE"))
             else bare).append(k)
        else:
            return None
    return prefix, unit, bare


@functools.lru_cache(maxsize=1)
def _combined() -> re.Pattern:
    """the unit shapes as capturing lookaheads: one match call at a position tells which of them match there and
    where each match ends (the groups of the shapes themselves are left unnamed)"""
    parts = []
    for k in _plan()[1]:
        body = re.sub(r"\(\?P<\w+>", "(?:", shapes()[k][1].pattern)
        parts.append(f"(?:(?=(?P<s{k}>{body}))|)")
    return re.compile("".join(parts))


# the unit-word pieces of the shapes, and the lexicon sections whose words they start with
_UNIT_PIECES = {"SCALE": ("scales",), "CUR_QUAL": ("currency_qualifiers",), "CUR_WORD": ("currency_words",),
                "CUR_CODE": ("currency_prefixes",), "MINOR": ("minor_units", "currency_qualifiers"),
                "PCT": ("percent",), "MOD": ("counted_modifiers",), "COUNTED": ("counted",),
                "MEASURE": ("measure_words", "measure_symbols")}


@functools.lru_cache(maxsize=1)
def _unit_after() -> tuple[re.Pattern, re.Pattern, list[tuple[int, frozenset]]]:
    """Which unit words can follow the number at a position (lower-cased text). A unit shape matches only where,
    after its number and white space, a word of one of its unit pieces starts ({SCALE}, {PCT}, ...): after a number
    in digits that is where the run of digits, separators and spaces ends; a number in words may run over up to
    seven words. Returns the digits regex (a named group per piece whose words start there), the words regex (any
    piece), and per unit shape the pieces it has after its number."""
    u = lexicon()
    tries = {}
    for piece, sections in _UNIT_PIECES.items():
        tries[piece] = trie({" ".join(w.lower().split()) for sec in sections for w in u[sec]}, space=r"\s+")
    names = list(tries)

    def none_of(rest: list[str]) -> str:
        return f"(?({rest[0]})|{none_of(rest[1:])})" if rest else "(?!)"
    digits = (r"[-\u2212\u2013.]?[\d,./\s-]*+" + "".join(f"(?:(?=(?P<{n}>{tries[n]}))|)" for n in names)
              + none_of(names))
    words = rf"(?:[^\W\d_]++[-\s]*+){{1,7}}?(?:{'|'.join(tries[n] for n in names)})"
    pieces = []
    for k in _plan()[1]:
        raw = load_jsonl("figures.jsonl")[k]["regex"]
        after = raw[raw.index("{NUM}") + len("{NUM}"):]
        pieces.append((k, frozenset(n for n in names if "{%s}" % n in after)))
    return re.compile(digits), re.compile(words), pieces


def _matches_slow(text: str) -> list[tuple[str, re.Match]]:
    """each shape over the windows of the text: the reference the fast path reproduces"""
    windows = _windows(text)
    return [(pid, m) for pid, rx in shapes() for a, b in windows for m in rx.finditer(text, a, b)]


def _matches(text: str) -> list[tuple[str, re.Match]]:
    """What `_matches_slow` finds, in its order, without running every shape over every window: the shapes run
    only where one can start (a unit shape only where a unit word follows), with the window's end as the end of
    the text, as there. Per shape, a match hides the starts inside it, as `finditer` does."""
    low = text.lower()
    plan = _plan()
    if plan is None or len(low) != len(text) or any(c in text for c in _FOLD_ODD):
        return _matches_slow(text)
    n = len(text)
    # (position, kind): 0 a currency prefix, 1 a sign or digit, 2 a word
    windows, starts = _scan_fast(text, low)
    for lo, hi in windows:
        # a window's end cuts the text: a word cut there ("halfway" cut after "half") ends at the end of the text
        # as the shapes see it, and may start a number
        if hi < n and _WORD_CHAR.match(low, hi) and _WORD_CHAR.match(low, hi - 1):
            r = hi - 1
            while r > lo and _WORD_CHAR.match(low, r - 1):
                r -= 1
            if low[r].isalpha():
                starts.append((r, 2))
                starts += [(q, 0) for q in _prefixes_before(low, r, False)]
                starts.sort()
    if not starts:
        return []
    shape_list = shapes()
    prefix_shapes, unit_shapes, bare_shapes = plan
    combined = _combined()
    groups = [(k, combined.groupindex[f"s{k}"]) for k in unit_shapes]
    unit_after_digits, unit_after_words, unit_pieces = _unit_after()
    found: list[list] = [[] for _ in shape_list]  # per shape: (start, window end, match or None)
    resume = [0] * len(shape_list)
    w = 0
    nwin = len(windows)
    prefix_rx = [(k, shape_list[k][1]) for k in prefix_shapes]
    bare_rx = [(k, shape_list[k][1]) for k in bare_shapes]
    prefix_and_bare_rx = prefix_rx + bare_rx
    unit_rx = [(k, shape_list[k][1], needs) for k, needs in unit_pieces]
    i, nstarts = 0, len(starts)
    while i < nstarts:
        p, kind = starts[i]
        i += 1
        kinds = 1 << kind  # 1 a currency prefix, 2 a sign or digit, 4 a word: all the kinds of start at p
        while i < nstarts and starts[i][0] == p:
            kinds |= 1 << starts[i][1]
            i += 1
        while w < nwin and windows[w][1] <= p:
            w += 1
        if w == nwin or p < windows[w][0]:
            continue  # outside every window: the shapes never look there
        b = windows[w][1]
        # a currency prefix alone starts only the prefix shapes; a digit or word starts the bare ones too
        for k, rx in (prefix_rx if kinds == 1 else prefix_and_bare_rx if kinds & 1 else bare_rx):
            if p >= resume[k]:
                m = rx.match(text, p, b)
                if m:
                    found[k].append((p, b, m))
                    resume[k] = m.end()
        if kinds == 1:
            continue
        if kinds & 4:
            if unit_after_words.match(low, p, b):
                m = combined.match(text, p, b)
                for k, g in groups:
                    e = m.end(g)
                    if e >= 0 and p >= resume[k]:
                        found[k].append((p, b, None))
                        resume[k] = e
        else:
            u = unit_after_digits.match(low, p, b)
            if u:
                # only the shapes with a piece whose word follows the number
                present = {name for name, v in u.groupdict().items() if v is not None}
                for k, rx, needs in unit_rx:
                    if p >= resume[k] and not needs.isdisjoint(present):
                        m = rx.match(text, p, b)
                        if m:
                            found[k].append((p, b, m))
                            resume[k] = m.end()
    out = []
    for k, (pid, rx) in enumerate(shape_list):
        for p, b, m in found[k]:
            out.append((pid, m or rx.match(text, p, b)))
    return out


def find_figures(text: str) -> list[Found]:
    """Every figure in `text`, in text order (offsets into `text`)."""
    taken: list[Found] = []
    occupied = bytearray(len(text) + 1)
    for pid, m in _matches(text):
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
    if text[low.end:high.start].strip().lower() == "and":
        return False  # "4 ppb and 2 ppb", "6.1 inches and 6.7 inches": a list, not a range
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
