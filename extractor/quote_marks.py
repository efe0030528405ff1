"""Quotation marks and reading units: where the quoted passages of an article lie, and which sentences belong together.

Quoted passages are paired by rule on the raw text: curly marks open and close by their shape, straight marks (and
the '' of older wire copy) toggle. A quote left open at the end of a paragraph goes on when the next paragraph opens
with a mark (the newspaper convention for quotes running over several paragraphs); otherwise it is dropped.

Example:
    >>> [(q.start, q.end) for q in find_quotes('"Exports rose," he said.')]
    [(1, 14)]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from extractor.doc_text import doc_text

_MARK = re.compile(r"''|``|[\"“”«»„]")
_OPENERS = {"“", "«", "„", "``"}
_CLOSERS = {"”", "»"}
_TOGGLES = {'"', "''"}
_SINGLE = ('"', "“", "”", "«", "»", "„")  # the one-character marks of _MARK
# a paragraph ends at a blank line or at a line break followed by an indent (hard-wrapped wire copy)
_PARAGRAPH = re.compile(r"\n[ \t]*\n|\n[ \t]+")


@dataclass(frozen=True)
class QuoteSpan:
    """The words inside one pair of marks: `start`-`end` exclude the marks, `open`-`close` include them."""

    start: int
    end: int
    open: int
    close: int


def paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quoted passage of `text`, in text order (nested single quotes stay inside their passage)."""
    out: list[QuoteSpan] = []
    ends = paragraph_ends(text)
    para = 0
    open_at: int | None = None
    open_len = 0
    for pos, mark in _marks(text):
        if ends[para] < pos:
            while ends[para] < pos:
                para += 1
            if open_at is not None:
                if not text[ends[para - 1]:pos].strip():
                    continue  # the mark that re-opens a quote running on into this paragraph
                open_at = None  # an unclosed quote that does not run on: not a quote we can bound
        if open_at is None:
            if mark not in _CLOSERS:
                open_at, open_len = pos, len(mark)
        elif mark in _OPENERS:
            open_at, open_len = pos, len(mark)  # the earlier opening mark was never closed
        else:
            start, end = open_at + open_len, pos
            if text[start:end].strip():
                out.append(QuoteSpan(start, end, open_at, pos + len(mark)))
            open_at = None
    return out


def _marks(text: str) -> list[tuple[int, str]]:
    """Every match of _MARK as (offset, mark), in text order: str.find per mark is ~5x faster than the pattern,
    which re tries at every character. A pair of marks ('' or ``) is found left to right without overlaps, as
    the pattern finds it; no mark is part of another kind's."""
    out = []
    for mark in _SINGLE:
        if mark in text:
            i = text.find(mark)
            while i >= 0:
                out.append((i, mark))
                i = text.find(mark, i + 1)
    for mark in ("''", "``"):
        i = text.find(mark)
        while i >= 0:
            out.append((i, mark))
            i = text.find(mark, i + 2)
    out.sort()
    return out


def inside(quotes: list[QuoteSpan], pos: int) -> QuoteSpan | None:
    """The quoted passage holding `pos` (passages are in text order and do not overlap)."""
    k = bisect.bisect_right([q.start for q in quotes], pos) - 1 if len(quotes) > 8 else None
    if k is not None:
        return quotes[k] if k >= 0 and pos < quotes[k].end else None
    for q in quotes:
        if q.start <= pos < q.end:
            return q
    return None


def _hard_wrapped(text: str) -> bool:
    """Wire copy broken into lines of similar length (old Reuters), not a headline over a paragraph."""
    lines = [len(x) for x in text.split("\n") if x.strip()]
    if len(lines) < 4:
        return False
    lines.sort()
    return 40 <= lines[len(lines) // 2] <= 90


def units(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Sentence ranges (char offsets) with hard-wrapped lines joined back: a sentence that ends at a bare line
    break without final punctuation goes on in the next line."""
    text = doc_text(doc) if text is None else text
    out: list[list[int]] = []
    if not len(doc):
        return []
    # sentence starts read as arrays: much cheaper than building a Span per sentence
    arr = doc.to_array([SENT_START, IDX])
    starts = arr[arr[:, 0] == 1, 1].tolist()  # numpy selects; a Python loop over rows costs ~0.3 ms/article
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    wrapped = _hard_wrapped(text)
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if out and wrapped:
            gap = text[out[-1][1]:s]
            # (a line that goes on in lower case after "U.S." continues the sentence too)
            if "\n" in gap and not _PARAGRAPH.search(gap) and gap.count("\n") == 1 and \
                    (text[out[-1][0]:out[-1][1]].rstrip("\"”’')")[-1:] not in (".", "!", "?", ":")
                     or text[s].islower() and text[out[-1][1] - 1] == "."):
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]
