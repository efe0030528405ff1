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
from extractor.regexes import trie


@dataclass(frozen=True)
class Cues:
    lemma_of: dict[str, str]
    content_object: frozenset[str]
    needs_clause: frozenset[str]
    listener_first: frozenset[str]
    negators: frozenset[str]
    word: re.Pattern  # any cue form or phrase as a whole word
    first_word: re.Pattern | None  # each cue's first word, in lower-cased text, after no word character

    def lemma(self, form: str) -> str | None:
        return self.lemma_of.get(form.lower())

    def candidates(self, text: str) -> list[int] | None:
        """Where `word` may match in `text`: a superset of its match starts, found ~10x faster than running `word`
        itself (one alternation of 150 forms tried at every position). None where the text holds a character that
        case-folds to an ASCII letter or changes length in lower case: there only `word` itself can tell.

        >>> cues().candidates("He said so; Analysts said")
        [3, 21]
        """
        if self.first_word is None or any(ch in text for ch in _FOLDS):
            return None
        return [m.start() for m in self.first_word.finditer(text.lower())]


# letters that re.IGNORECASE matches with an ASCII letter though str.lower() does not make them one ("ı", "ſ", the
# Kelvin sign), or that str.lower() makes two characters ("İ")
_FOLDS = ("\u0131", "\u017f", "\u212a", "\u0130")


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    data = load_json("cues.json")
    lemma_of = {form: lemma for lemma, forms in data["verbs"].items() for form in forms}
    for phrase in data["phrases"]:
        lemma_of[phrase] = phrase
    alternatives = sorted(lemma_of, key=len, reverse=True)
    # multi-word phrases first, as in a flat alternation sorted by length ("according to" before any "according"),
    # then the single words as one prefix tree (same matches, far fewer attempts)
    phrases = [a for a in alternatives if " " in a]
    singles = [a for a in alternatives if " " not in a]
    word = re.compile(r"\b(?:" + "|".join([re.escape(a).replace(r"\ ", r"\s+") for a in phrases] + [trie(singles)])
                      + r")\b", re.I)
    # candidates() looks for plain lower-case words; a cue of any other shape leaves every search to `word`
    plain = all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", a) for a in alternatives)
    return Cues(lemma_of, frozenset(data["content_object"]), frozenset(data["needs_clause"]),
                frozenset(data["listener_first"]), frozenset(data["negators"]), word,
                # (an ASCII \b: a real match starts after no word character at all, so after no ASCII one; the
                # ASCII test is cheaper than a lookbehind)
                re.compile(r"\b" + trie({a.split(" ")[0] for a in alternatives}) + r"(?![a-z])", re.A)
                if plain else None)
