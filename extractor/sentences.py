"""Sentence boundaries by rule: fast, and kept from splitting on "U.S." or "Mr." (the tokenizer holds those).

Paragraph breaks (newlines) always end a sentence: headlines and crossheads have no final stop.

Speed: most tokens cannot end a sentence. A lexeme flag (computed once per word type, when the vocab first sees
it) marks the few that can, one `doc.to_array` call finds them, and only those are examined, through a per-word
cache of the facts the rules read; no Token object is made for the other tokens.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_sentences")
    >>> [s.text for s in nlp("Mr. King said exports rose. \\"We gain.\\" Imports fell").sents]
    ['Mr. King said exports rose.', '"We gain."', 'Imports fell']
"""
from __future__ import annotations

from typing import Callable

import numpy
from spacy.attrs import FLAG19, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

_ENDS = {".", "!", "?", "…"}
# abbreviations of titles end in a stop but never a sentence ("Mr. King said")
_TITLES = {"mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "st.", "rev.", "sgt.",
           "capt.", "jr.", "sr."}
_CLOSERS = {'"', "”", "’", "'", ")", "»"}
# what a word type can do at a boundary: bits of one int, cached per orth hash
_NL, _DOT, _END, _TSTEM, _CLOSE, _OK = 1, 2, 4, 8, 16, 32
_CACHE_MAX = 100_000  # word types (an int each, ~10 MB at most); the cache starts afresh past this


def lexeme_flag(vocab: Vocab, getter: Callable[[str], bool]) -> int:
    """The id of the lexeme flag `getter` computes, added to `vocab` (on a free custom bit) the first time.

    A flag is computed once per word type and read for a whole doc by one `doc.to_array` call, in C.

    >>> import spacy
    >>> v = spacy.blank("en").vocab
    >>> fid = lexeme_flag(v, may_end); fid == lexeme_flag(v, may_end), v["Inc."].check_flag(fid)
    (True, True)
    """
    getters = vocab.lex_attr_getters
    for fid, g in getters.items():
        if g is getter:
            return fid
    free = next((b for b in range(FLAG19, 64) if b not in getters), None)
    if free is None:
        raise ValueError("no free lexeme flag bit left in the vocab (ids 19-63 are all taken)")
    return vocab.add_flag(getter, free)


def may_end(text: str) -> bool:
    """a superset of the tokens the rules below may end a sentence at (a newline, a stop, a word ending in ".")"""
    return "\n" in text or text in _ENDS or (len(text) > 1 and text.endswith("."))


class SentenceMarker:
    """The newsfacts_sentences component: sets SENT_START on every token in one array write."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.flag = lexeme_flag(vocab, may_end)
        self.codes: dict[int, int] = {}

    def code(self, orth: int) -> int:
        """the boundary facts of one word type (the same attributes the Token would give)"""
        code = self.codes.get(orth)
        if code is None:
            if len(self.codes) >= _CACHE_MAX:
                self.codes.clear()
            lex = self.vocab[orth]
            text, lower = lex.orth_, lex.lower_
            code = 0
            if "\n" in text:
                code |= _NL
            if text == ".":
                code |= _DOT
            if text in _ENDS or (text.endswith(".") and len(text) > 1 and text[-2].islower()
                                 and text.count(".") == 1 and not lex.like_num and lower not in _TITLES):
                code |= _END
            if lower + "." in _TITLES:
                code |= _TSTEM
            if text in _CLOSERS:
                code |= _CLOSE
            if lex.is_title or lex.is_upper or lex.like_num or text in '"“‘(' or lex.is_space:
                code |= _OK
            self.codes[orth] = code
        return code

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        if doc.vocab is not self.vocab:  # a doc of another pipeline: its vocab needs the flag too
            return SentenceMarker(doc.vocab)(doc)
        if self.vocab.lex_attr_getters.get(self.flag) is not may_end:  # other code took the bit over
            self.flag = lexeme_flag(self.vocab, may_end)
        arr = doc.to_array([self.flag, ORTH])
        cand = numpy.flatnonzero(arr[:, 0])
        # -1 (as uint64) is "not a start"; one array write, not a Token.is_sent_start assignment per token (each
        # assignment scans the whole doc for a parse, which made this component quadratic in the article's length)
        starts = numpy.full(n, -1, dtype="int64").astype("uint64")
        starts[0] = 1
        if len(cand):
            orth = arr[:, 1]
            codes, code = self.codes, self.code
            here = orth[cand].tolist()
            after = orth[numpy.minimum(cand + 1, n - 1)].tolist()
            before = orth[cand - 1].tolist()  # index -1 for a first token: read only where i > 0
            found = []
            for k, i in enumerate(cand.tolist()):
                c = codes.get(here[k]) or code(here[k])
                if c & _NL:  # a no-break space is no paragraph break
                    j = i + 1
                elif c & _END:
                    if c & _DOT and i and code(before[k]) & _TSTEM and not doc[i - 1].whitespace_:
                        continue  # the tokenizer split "Lt." into "Lt" and "."
                    j = i + 1
                    if j < n:
                        nxt = codes.get(after[k]) or code(after[k])
                        while nxt & _CLOSE and not doc[j - 1].whitespace_:
                            j += 1
                            if j == n:
                                break
                            nxt = code(int(orth[j]))
                        if j < n and not nxt & _OK:
                            continue
                else:
                    continue
                found.append(j)
            starts[[j for j in found if j < n]] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1))
        return doc


@Language.factory("newsfacts_sentences")
def make_sentence_marker(nlp: Language, name: str) -> SentenceMarker:
    return SentenceMarker(nlp.vocab)


def mark_sentences(doc: Doc) -> Doc:
    """Mark the sentences of a doc made outside a pipeline that holds the component."""
    return SentenceMarker(doc.vocab)(doc)
