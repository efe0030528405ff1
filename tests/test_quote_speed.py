"""The quote component's shortcuts give exactly what the plain code they replace gives (extractor/quote_cues.py,
quote_marks.py, quotes.py): generated texts of cue words, letters, marks, spaces and the characters that case-fold
oddly, checked against the plain pattern or loop.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import quotes
from extractor.quote_cues import cues
from extractor.regexes import trie
from extractor.quote_marks import _MARK, _marks

PIECES = ["said", "Said", "SAYS", "say", "told", "according", "to", "according to", "pointed", "out", "added",
          "adding", "xsaid", "said2", "saidx", " ", "  ", "\n", "\n\n", ",", ".", "'", "''", "``", '"', "“", "”",
          "«", "»", "„", "-", "é", "\u0131", "\u017f", "\u212a", "\u0130", "\u00a0", "a", "Mr", "Reuters"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="asidyenotl", min_size=1, max_size=6), min_size=1, max_size=12),
       st.text(alphabet="asidyenotl ,", max_size=40))
def test_prefix_tree_matches_what_the_flat_alternation_matches(words, text):
    flat = re.compile(r"\b(?:" + "|".join(sorted(set(words), key=len, reverse=True)) + r")\b", re.I)
    tree = re.compile(r"\b" + trie(words) + r"\b", re.I)
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in flat.finditer(text)]


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_cue_candidates_hold_every_match_and_matches_tried_there_are_the_same(text, data):
    c = cues()
    starts = c.candidates(text)
    if starts is not None:
        assert {m.start() for m in c.word.finditer(text)} <= set(starts)
    finder = quotes.QuoteFinder.__new__(quotes.QuoteFinder)
    finder.cues, finder._cue_starts = c, starts
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    expected = [m.span() for m in c.word.finditer(text, a, b)]
    assert [m.span() for m in finder._cue_matches(text, a, b)] == expected
    if expected:
        assert finder._may_cue(text, a, b)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_marks_found_by_find_are_those_of_the_pattern(text):
    assert _marks(text) == [(m.start(), m.group()) for m in _MARK.finditer(text)]


def _normalise_by_characters(text: str, s: int, e: int) -> tuple[str, list[int]]:
    out, where, prev_space = [], [], False
    for i in range(s, e):
        ch = text[i]
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_normalised_unit_is_the_character_loops(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert quotes._normalise(text, a, b) == _normalise_by_characters(text, a, b)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=2, max_size=20), st.integers(-2, 120))
def test_unit_bounds_by_bisection_are_those_of_the_scan(steps, pos):
    bounds = [sum(steps[:k + 1]) for k in range(len(steps))]
    spans = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds) - 1, 2)]
    units = quotes._Units(spans)
    contained = [s for s, e in spans if s <= pos < e]
    start = contained[0] if contained else max((s for s, e in spans if s <= pos), default=0)
    contained = [e for s, e in spans if s <= pos < e]
    end = contained[0] if contained else min((e for s, e in spans if e > pos), default=pos + 1)
    assert (quotes._unit_start(units, pos), quotes._unit_end(units, pos)) == (start, end)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES + [" he", " said Mr Aiyar.", "—", "–", ", "]), max_size=12).map("".join))
def test_after_cue_cue_starts_where_the_shortcut_looks(after):
    from extractor.quote_rules import _after_cue
    m = _after_cue().match(after)
    if m:
        assert m.start("cue") == quotes._cue_start(after)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["John", "Smith", "U.S.", "Mr.", "O'Neil", "Smith's", "-", " ", "  ", "\n", ",",
                                 "(", "é", "Jr.", "A.", "econ", "2", "’s"]), max_size=12).map("".join))
def test_plain_words_are_tokenized_as_the_pattern_does(text):
    from extractor import speakers
    reference = []
    for m in speakers._TOKEN.finditer(text):
        s, e, w = m.start(), m.end(), m.group()
        if w[-1] == "." and w.count(".") == 1 and w.lower() not in speakers._ABBREV and not re.fullmatch(r"[A-Z]\.", w):
            w, e = w[:-1], e - 1
        if len(w) > 2 and w[-2] in "'’" and w[-1] == "s":
            reference += [(w[:-2], s, e - 2), (w[-2:], e - 2, e)]
        elif w:
            reference.append((w, s, e))
    assert [(t.text, t.start, t.end) for t in speakers._tokens(text, 0, len(text))] == reference


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["Jestin", " said, ", "Yeutter said ", "told reporters", "In a statement, ",
                                          "Peabody said: ", "x" * 250]), max_size=14).map("".join),
       st.integers(0, 300))
def test_cue_clause_before_a_quote_is_read_the_same_from_the_candidates(before, cut):
    from extractor.quote_rules import before_quote
    text = before + '"Exports fell."'
    start = min(cut, len(before))
    c = cues()
    finder = quotes.QuoteFinder.__new__(quotes.QuoteFinder)
    finder.cues, finder._cue_starts = c, c.candidates(text)
    open_at = len(before)

    def cues_in(base):
        a = start + base
        if a > 0 and re.match(r"\w", text[a - 1]):
            return None
        return [(m.start() - a, m.end() - a, m.group()) for m in finder._cue_matches(text, a, open_at)]

    plain, fast = before_quote(before[start:]), before_quote(before[start:], cues_in)
    assert (plain and plain.spans) == (fast and fast.spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6), st.sampled_from(["country", "bloc"])), max_size=6),
       st.integers(0, 50), st.integers(0, 8))
def test_region_lookup_is_the_scan_over_every_region(raw, start, length):
    from extractor.speakers import Context
    in_order, at = [], 0  # regions in text order, none overlapping (some adjacent): the regions component's
    for k, (gap, n, kind) in enumerate(raw):
        at += gap % 4
        in_order.append((at, at + n + 1, f"o{k}", kind))
        at += n + 1
    for regions in ([(s, s + n, f"r{k}", kind) for k, (s, n, kind) in enumerate(raw)],
                    sorted({(s, s + n + 1, f"r{k}", kind) for k, (s, n, kind) in enumerate(raw)}), in_order):
        end = start + length
        ctx = Context("x" * 60, regions)
        name = next((nm for s, e, nm, _ in regions if s <= start and end <= e + 1), None)
        bloc = any(s <= start and end <= e + 1 and kind == "bloc" for s, e, _, kind in regions)
        assert (ctx.region_name(start, end), ctx.region_is_bloc(start, end)) == (name, bloc)
