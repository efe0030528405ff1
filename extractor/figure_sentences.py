r"""Sentences for figures: the pipeline's sentences, with hard-wrapped wire lines joined back together.

Example:
    >>> import spacy
    >>> from extractor import sentences  # noqa: F401
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_sentences")
    >>> [s.text for s in figure_sentences(nlp("Output grew by\n2.5 per cent in March.\nPrices fell."))]
    ['Output grew by\n2.5 per cent in March.\n', 'Prices fell.']
"""
from __future__ import annotations

import numpy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, LIKE_NUM, SENT_START
from spacy.tokens import Doc

from extractor.doc_text import doc_text

_TERMINAL = tuple('.!?:;"”’')


class Toks:
    """A doc's tokens as the figure rules read them: texts cut from the doc's text by offset, lower case and
    flags worked out on first use with the vocabulary's own functions (what Token.lower_, .is_punct, ... return).
    A spaCy Token object per look-up costs more than the rules' work with it.

    Example:
        >>> import spacy
        >>> doc = spacy.blank("en")("Exports rose 5.9% ,  again.")
        >>> t = Toks(doc, doc.text)
        >>> t.low(0), t.text_of(2), t.punct(4), t.space(5), t.like_num(2), t.span_text(0, 3)
        ('exports', '5.9', True, True, True, 'Exports rose 5.9')
    """

    __slots__ = ("doc", "text", "idx", "end", "n", "sent_starts", "_low", "_punct", "_num", "_is_punct",
                 "_like_num")

    def __init__(self, doc: Doc, text: str):
        self.doc, self.text = doc, text
        arr = doc.to_array([IDX, LENGTH, SENT_START])
        self.idx = arr[:, 0].tolist()
        self.end = (arr[:, 0] + arr[:, 1]).tolist()
        # tokens that start a sentence, read with the offsets: Doc.sents builds a Token object per token
        self.sent_starts = numpy.flatnonzero(arr[:, 2] == 1).tolist()
        self.n = len(self.idx)
        self._low: list = [None] * self.n
        self._punct: list = [None] * self.n
        self._num: list = [None] * self.n
        getters = doc.vocab.lex_attr_getters
        self._is_punct = getters[IS_PUNCT]
        self._like_num = getters[LIKE_NUM]

    def text_of(self, i: int) -> str:
        return self.text[self.idx[i]:self.end[i]]

    def low(self, i: int) -> str:
        v = self._low[i]
        if v is None:
            v = self._low[i] = self.text[self.idx[i]:self.end[i]].lower()
        return v

    def space(self, i: int) -> bool:
        v = self._low[i]  # lower-casing keeps white space white space
        if v is None:
            v = self._low[i] = self.text[self.idx[i]:self.end[i]].lower()
        return v.isspace()

    def lows(self, start: int, end: int) -> list[str]:
        """[low(i) for i in range(start, end)]"""
        cache, text, idx, ends = self._low, self.text, self.idx, self.end
        out = cache[start:end]
        for k, v in enumerate(out):
            if v is None:
                i = start + k
                v = out[k] = cache[i] = text[idx[i]:ends[i]].lower()
        return out

    def punct(self, i: int) -> bool:
        v = self._punct[i]
        if v is None:
            v = self._punct[i] = self._is_punct(self.text[self.idx[i]:self.end[i]])
        return v

    def like_num(self, i: int) -> bool:
        v = self._num[i]
        if v is None:
            v = self._num[i] = self._like_num(self.text[self.idx[i]:self.end[i]])
        return v

    def span_text(self, start: int, end: int) -> str:
        """doc[start:end].text"""
        return self.text[self.idx[start]:self.end[end - 1]] if end > start else ""


def figure_sentences(doc: Doc, text: str | None = None) -> list:
    """The sentences of doc, with hard-wrapped lines joined again: wire copy breaks lines mid-sentence
    ("grew by\n2.5 per cent"), and a figure needs its whole sentence. A line break joins when the line before it
    has no final stop and the next line reads on (lower case, a digit, or the line before is a full-width one);
    a blank or indented line always ends the sentence."""
    text = doc_text(doc) if text is None else text
    return [doc[a:b] for a, b in sentence_ranges(doc, text)]


def sentence_ranges(doc: Doc, text: str, toks: Toks | None = None) -> list[tuple[int, int]]:
    """`figure_sentences` as (start, end) token ranges, read from token offsets (no Span objects)."""
    t = toks if toks is not None else Toks(doc, text)
    idx, ends, n = t.idx, t.end, t.n
    out: list[list[int]] = []   # [start token, end token, start char, end char]
    cur = None
    # hard-wrapped copy (most lines break mid-sentence) may break before a capital too ("a priority in\nKremlin
    # plans"); in one-paragraph-a-line copy, a line without a stop before a capital is a headline. Worked out
    # only when a join turns on it.
    wrapped = None
    starts = list(t.sent_starts) or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    for a, b in zip(starts, starts[1:] + [n]):
        if a >= b:
            continue
        sc, ec = idx[a], ends[b - 1]
        stext = text[sc:ec]
        if not stext.strip():
            continue
        if cur is not None:
            last = text[cur[2]:cur[3]].rstrip()
            lead = len(stext) - len(stext.lstrip())
            gap = text[cur[2] + len(last):sc + lead]
            first = stext[lead:lead + 1]
            if not gap.strip() and gap.count("\n") == 1 and not gap.endswith((" ", "\t")) \
                    and not last.endswith(_TERMINAL):
                join = first.islower() or first.isdigit() or first == "("
                if not join and len(last.rsplit("\n", 1)[-1]) >= 50:
                    if wrapped is None:
                        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
                        wrapped = len(lines) >= 4 and sum(not ln.endswith(_TERMINAL) for ln in lines) > len(lines) / 2
                    join = wrapped
                if join:
                    cur[1], cur[3] = b, ec
                    continue
            out.append(cur)
        cur = [a, b, sc, ec]
    if cur is not None:
        out.append(cur)
    # tokens between kept sentences (blank lines) belong to the sentence before them
    full = []
    prev_end = 0
    for i, c in enumerate(out):
        end = out[i + 1][0] if i + 1 < len(out) else n
        full.append((prev_end if i == 0 else c[0], end))
        prev_end = end
    return full
