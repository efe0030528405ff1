"""Token repairs the region matcher needs before it looks words up: offsets never change, tokens only split.

    dotted   "U.S.-China", "U.S.-based": the tokenizer keeps dotted abbreviations whole, hyphen and all
    glued    scraped pages lose the spaces around link texts: "theUnited Kingdomon Thursday",
             "Pakistanaccused", "U.S.trade". A token splits where a gazetteer word starts after a lowercase
             prefix, or ends before a common glue word (patterns/region_context.json "glue_words") or a
             past tense; "Indianapolis", "Chinatown" or "AirAsia" stay whole.

Example:
    >>> u = Unglue(starts={"United", "China"}, ends={"Kingdom", "China", "U.S."}, glue_words={"on", "trade"})
    >>> u.parts("theUnited"), u.parts("Kingdomon"), u.parts("U.S.trade"), u.parts("Chinatown")
    (['the', 'United'], ['Kingdom', 'on'], ['U.S.', 'trade'], ['Chinatown'])
    >>> u.split("theUnited"), u.split("Chinatown")
    (['the', 'United'], None)
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.region_gazetteer import split_dotted

# a lowercase letter followed by a capital: the seam of two glued words
SEAM = re.compile(r"(?<=[a-z])(?=[A-Z])")


class Unglue:
    def __init__(self, starts: set[str], ends: set[str], glue_words: set[str]):
        self.starts, self.ends, self.glue_words = starts, ends, glue_words

    def parts(self, word: str) -> list[str]:
        """the pieces of one token text (the token itself where nothing is glued)"""
        pieces = split_dotted(word)
        if len(pieces) > 1:
            return [q for p in pieces for q in self.parts(p)]
        if not word.isascii() or len(word) < 5 or word in self.starts or word in self.ends:
            return [word]
        head, tail = self.prefix(word), [word]
        if head:
            word = word[len(head):]
            tail = [word]
        suffix = self.suffix(word)
        if suffix:
            tail = [word[: -len(suffix)], suffix]
        return [head, *tail] if head else tail

    def split(self, word: str) -> list[str] | None:
        """the pieces of a glued token, None where it stays whole (a pure function of the text: cached per word)"""
        if len(word) >= 5 and (word[:1].isupper() or "-" in word or SEAM.search(word)):
            parts = self.parts(word)
            if len(parts) > 1 and "".join(parts) == word:
                return parts
        return None

    def prefix(self, word: str) -> str | None:
        for m in SEAM.finditer(word):
            left, right = word[: m.start()], word[m.start():]
            # "theUnited", "asChina", "ReutersreportedIndia"; not "AirAsia" or "PetroChina" (a short capitalised name)
            if (left.islower() or len(left) >= 8) and (right in self.starts or self.suffix(right, right_only=True)):
                return left
        return None

    def suffix(self, word: str, right_only: bool = False) -> str | None:
        for k in range(len(word) - 2, 1, -1):
            left, tail = word[:k], word[k:]
            if left not in self.ends or not tail.isalpha() or not tail.islower():
                continue
            if left.endswith(".") or tail in self.glue_words or (len(tail) >= 5 and tail.endswith("ed")):
                if right_only and left not in self.starts:
                    return None
                return tail
        return None



def split_at(doc: Doc, todo: list[tuple[int, list[str]]]) -> bool:
    """Split token i into `parts` for each (i, parts) of `todo`; True where there was one."""
    if not todo:
        return False
    with doc.retokenize() as retok:
        for i, parts in todo:
            tok = doc[i]
            retok.split(tok, parts, heads=[(tok, j) for j in range(len(parts))])
    return True
