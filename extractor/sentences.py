"""Sentence boundaries by rule: fast, and kept from splitting on "U.S." or "Mr." (the tokenizer holds those).

Paragraph breaks (newlines) always end a sentence: headlines and crossheads have no final stop.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…"}
# abbreviations of titles end in a stop but never a sentence ("Mr. King said")
_TITLES = {"mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.", "lt.", "col.", "st.", "rev.", "sgt.",
           "capt.", "jr.", "sr."}
_CLOSERS = {'"', "”", "’", "'", ")", "»"}


@Language.component("newsfacts_sentences")
def mark_sentences(doc: Doc) -> Doc:
    n = len(doc)
    if not n:
        return doc
    # one array write, not a Token.is_sent_start assignment per token: each assignment scans the whole doc for a
    # parse, which made this component quadratic in the article's length
    starts = numpy.full(n, -1, dtype="int64").astype("uint64")
    starts[0] = 1
    toks = list(doc)
    for i, tok in enumerate(toks):
        j = None
        if "\n" in tok.whitespace_ or "\n" in tok.text:  # a no-break space is no paragraph break
            j = i + 1
        elif tok.text == "." and i and not toks[i - 1].whitespace_ and toks[i - 1].lower_ + "." in _TITLES:
            j = None  # the tokenizer split "Lt." into "Lt" and "."
        elif tok.text in _ENDS or (tok.text.endswith(".") and len(tok.text) > 1 and tok.text[-2].islower()
                                    and tok.text.count(".") == 1 and not tok.like_num
                                    and tok.lower_ not in _TITLES):
            j = i + 1
            while j < n and toks[j].text in _CLOSERS and not toks[j - 1].whitespace_:
                j += 1
            if j < n and not (toks[j].is_title or toks[j].is_upper or toks[j].like_num or toks[j].text in '"“‘('
                              or toks[j].is_space):
                j = None
        if j is not None and j < n:
            starts[j] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc
