"""The reporting-cue lexicon (patterns/cues.json) as regular expressions and lookups.

Example:
    >>> cues().lemma_of["warned"]
    'warn'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extractor.patterns import load_json


@dataclass(frozen=True)
class Cues:
    lemma_of: dict[str, str]
    content_object: frozenset[str]
    needs_clause: frozenset[str]
    listener_first: frozenset[str]
    negators: frozenset[str]
    word: re.Pattern  # any cue form or phrase as a whole word

    def lemma(self, form: str) -> str | None:
        return self.lemma_of.get(form.lower())


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    data = load_json("cues.json")
    lemma_of = {form: lemma for lemma, forms in data["verbs"].items() for form in forms}
    for phrase in data["phrases"]:
        lemma_of[phrase] = phrase
    alternatives = sorted(lemma_of, key=len, reverse=True)
    word = re.compile(r"\b(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alternatives) + r")\b", re.I)
    return Cues(lemma_of, frozenset(data["content_object"]), frozenset(data["needs_clause"]),
                frozenset(data["listener_first"]), frozenset(data["negators"]), word)
