"""Sentence boundaries by rule: fast, and kept from splitting on "U.S." or "Mr." (the tokenizer holds those).

Paragraph breaks (newlines) always end a sentence: headlines and crossheads have no final stop.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…"}
_CLOSERS = {'"', "”", "’", "'", ")", "»"}


@Language.component("newsfacts_sentences")
def mark_sentences(doc: Doc) -> Doc:
    n = len(doc)
    if n:
        doc[0].is_sent_start = True
    for i in range(1, n):
        doc[i].is_sent_start = False
    i = 0
    while i < n:
        tok = doc[i]
        j = None
        if "\n" in tok.whitespace_ or "\n" in tok.text or tok.is_space:
            j = i + 1
        elif tok.text in _ENDS or (tok.text.endswith(".") and len(tok.text) > 1 and tok.text[-2].islower()
                                    and tok.text.count(".") == 1 and not tok.like_num):
            j = i + 1
            while j < n and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
                j += 1
            if j < n and not (doc[j].is_title or doc[j].is_upper or doc[j].like_num or doc[j].text in '"“‘(' or doc[j].is_space):
                j = None
        if j is not None and j < n:
            doc[j].is_sent_start = True
        i += 1
    return doc
