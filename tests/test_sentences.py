"""Sentence boundaries (extractor/sentences.py): the rules on sentences written here, and the fast component (a
lexeme flag, a per-word cache) against the plain per-token reading of the same rules on generated texts."""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import sentences
from extractor.sentences import _CLOSERS, _ENDS, _TITLES


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    return nlp


def reference_starts(doc) -> list[bool]:
    """the rules read token by token, as the component did before it went by lexeme flags"""
    toks, n = list(doc), len(doc)
    starts = [i == 0 for i in range(n)]
    for i, tok in enumerate(toks):
        j = None
        if "\n" in tok.text:
            j = i + 1
        elif tok.text == "." and i and not toks[i - 1].whitespace_ and toks[i - 1].lower_ + "." in _TITLES:
            j = None
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
            starts[j] = True
    return starts


@pytest.mark.parametrize("text, expected", [
    ('Mr. King said exports rose. "We gain." Imports fell',
     ["Mr. King said exports rose.", '"We gain."', "Imports fell"]),
    ("Headline without a stop\nExports rose. they fell.", ["Headline without a stop\n", "Exports rose. they fell."]),
    ("Prices rose 5.9%. In 2024, they fell.", ["Prices rose 5.9%.", "In 2024, they fell."]),
    ("Lt. Col. Smith met Dr. Jones. The U.S. agreed.", ["Lt. Col. Smith met Dr. Jones.", "The U.S. agreed."]),
    ("Sales rose (to 5 mln.) Then fell!", ["Sales rose (to 5 mln.)", "Then fell!"]),
    ("Talks with Acme Inc. Officials met.", ["Talks with Acme Inc.", "Officials met."]),
    ("A\u00a0no-break space. It is no paragraph.", ["A\u00a0no-break space.", "It is no paragraph."]),
])
def test_rules(nlp, text, expected):
    assert [s.text for s in nlp(text).sents] == expected


def test_a_doc_of_another_vocab_is_marked_too():
    doc = spacy.blank("en")("Exports rose. Imports fell.")
    assert [s.text for s in sentences.mark_sentences(doc).sents] == ["Exports rose.", "Imports fell."]


PIECES = ["Exports", "rose", "the", "U.S.", "Mr", "Mr.", "Lt", "dr", ".", "!", "?", "…", "...", "5.9", "1987.",
          "Inc.", "mln.", "etc.", "e.g.", '"', "“", "”", "’", "'", ")", "(", "»", "\n", "\n\n", " \n ", "\u00a0",
          "IBM", "Then", "it", "2024", "A.", "ok.", "St.", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  "])), min_size=1, max_size=40))
def test_the_fast_component_reads_the_rules_as_the_plain_loop_does(nlp, parts):
    doc = nlp("".join(p + sep for p, sep in parts))
    assert [bool(t.is_sent_start) for t in doc] == reference_starts(doc)


def test_a_flag_bit_that_other_code_takes_over_is_added_again():
    nlp = spacy.blank("en")
    marker = nlp.add_pipe("newsfacts_sentences")
    nlp.vocab.add_flag(lambda text: False, marker.flag)  # another component claims the same bit
    assert [s.text for s in nlp("Exports rose. Imports fell.").sents] == ["Exports rose.", "Imports fell."]
