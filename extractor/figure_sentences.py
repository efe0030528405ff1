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
from spacy.tokens import Doc

_TERMINAL = tuple('.!?:;"”’')


def figure_sentences(doc: Doc, text: str | None = None) -> list:
    """The sentences of doc, with hard-wrapped lines joined again: wire copy breaks lines mid-sentence
    ("grew by\n2.5 per cent"), and a figure needs its whole sentence. A line break joins when the line before it
    has no final stop and the next line reads on (lower case, a digit, or the line before is a full-width one);
    a blank or indented line always ends the sentence."""
    text = doc.text if text is None else text
    out = []
    cur = None
    # hard-wrapped copy (most lines break mid-sentence) may break before a capital too ("a priority in\nKremlin
    # plans"); in one-paragraph-a-line copy, a line without a stop before a capital is a headline
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    wrapped = len(lines) >= 4 and sum(not ln.endswith(_TERMINAL) for ln in lines) > len(lines) / 2
    # sentence starts read as one array: Doc.sents builds a Token object per token
    starts = [int(i) for i in numpy.flatnonzero(doc.to_array("SENT_START") == 1)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    for a, b in zip(starts, starts[1:] + [len(doc)]):
        sent = doc[a:b]
        stext = text[sent.start_char:sent.end_char]
        if not stext.strip():
            continue
        if cur is not None:
            last = text[cur.start_char:cur.end_char].rstrip()
            gap = text[cur.start_char + len(last):sent.start_char + len(stext) - len(stext.lstrip())]
            line = last.rsplit("\n", 1)[-1]
            first = stext.lstrip()[:1]
            if not gap.strip() and gap.count("\n") == 1 and not gap.endswith((" ", "\t")) \
                    and not last.endswith(_TERMINAL) and (first.islower() or first.isdigit() or first == "("
                                                          or (wrapped and len(line) >= 50)):
                cur = doc[cur.start:sent.end]
                continue
            out.append(cur)
        cur = doc[sent.start:sent.end]
    if cur is not None:
        out.append(cur)
    # tokens between kept sentences (blank lines) belong to the sentence before them
    full = []
    prev_end = 0
    for i, s in enumerate(out):
        end = out[i + 1].start if i + 1 < len(out) else len(doc)
        full.append(doc[prev_end if i == 0 else s.start:end])
        prev_end = end
    return full
