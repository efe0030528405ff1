"""The region gazetteer: every country, bloc and world region with the surface forms that mention it.

Data: patterns/regions.jsonl (built by scripts/build_gazetteer.py from pycountry and the curated
patterns/region_aliases.json). Each line is one code with four lists of forms, which differ in how much context
they need (extractor/region_context.py):

    names         "China", "U.S.", "European Union"      a mention unless inside an organisation or currency name
    demonyms      "Chinese", "Americans"                  the same
    seats         "Beijing", "Washington", "Brussels"     only where the sentence uses them for the government
    always_seats  "Kremlin", "White House"                the government wherever they stand
    caps          "JAPAN", "LATIN AMERICA"                names and demonyms in capitals: a mention unless a dateline

Example:
    >>> gazetteer()["CN"].name, gazetteer()["EZ"].kind, gazetteer()["035"].name
    ('China', 'bloc', 'South-eastern Asia')
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from extractor.patterns import load_json, load_jsonl

FORM_KINDS = ("names", "demonyms", "seats", "always_seats")
# a token like "U.S.-China" or "U.S.-based": the tokenizer keeps dotted abbreviations whole, hyphen and all
DOTTED_COMPOUND = re.compile(r"^(?:[A-Z]\.){2,}-\S|\S-(?:[A-Z]\.){2,}$")


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Form:
    """one surface form of a region: `form` is names, demonyms, seats, always_seats, caps or blocker"""
    code: str | None
    form: str
    pattern_id: str


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, RegionInfo]:
    """code -> canonical name and kind"""
    return {e["code"]: RegionInfo(e["code"], e["name"], e["kind"]) for e in load_jsonl("regions.jsonl")}


def split_dotted(text: str) -> list[str]:
    """Split "U.S.-China" into the pieces the rest of the text would have.

    >>> split_dotted("U.S.-China"), split_dotted("exports")
    (['U.S.', '-', 'China'], ['exports'])
    """
    if "-" not in text or not DOTTED_COMPOUND.search(text):
        return [text]
    return [p for p in re.split(r"(-)", text) if p]


def forms() -> Iterable[tuple[str, Form]]:
    """(surface text, Form) for every gazetteer form and every blocker phrase"""
    entries = load_jsonl("regions.jsonl")
    for e in entries:
        for kind in FORM_KINDS:
            for text in e.get(kind, []):
                yield text, Form(e["code"], kind, f"{e['id']}#{kind}")
    # section heads and quoted headlines in capitals ("JAPAN The BOJ's decision"); short words stay out ("CHAD")
    for e in entries:
        for kind in ("names", "demonyms"):
            for text in e.get(kind, []):
                if len(text) >= 4 and text.upper() != text:
                    yield text.upper(), Form(e["code"], "caps", f"{e['id']}#caps")
    for text in load_json("region_context.json")["blockers"]:
        yield text, Form(None, "blocker", "region-blocker")


class Trie:
    """The gazetteer's forms as a tree of token texts, matched longest-first by `walk_ids` over its `by_id` copy.

    >>> t = Trie(lambda s: s.split()); t.add("United States", Form("US", "names", "a"))
    >>> t.root["United"]["States"][None].code, sorted(t.ends)
    ('US', ['States'])
    """

    def __init__(self, tokenize: Callable[[str], list[str]]):
        self.root: dict = {}
        self.tokenize = tokenize
        self.ends: set[str] = set()  # the last word of some form ("Kingdom" of "United Kingdom")

    def add(self, text: str, value) -> None:
        node = self.root
        toks = self.tokenize(text)
        if value.code is not None:
            self.ends.add(toks[-1])
        for tok in toks:
            node = node.setdefault(tok, {})
        # the first value added for a surface text wins (regions.jsonl gives each text one owner)
        node.setdefault(None, value)

    def by_id(self, to_id: Callable[[str], int]) -> dict:
        """the trie with every word replaced by its id (a spaCy orth), for `walk_ids`"""
        def convert(node: dict) -> dict:
            return {(k if k is None else to_id(k)): (v if k is None else convert(v)) for k, v in node.items()}
        if any(k is not None and k.isspace() for k in self.root):
            raise ValueError("a gazetteer form holds a whitespace token: walk_ids could not skip it")
        return convert(self.root)


def walk_ids(root: dict, orth, start: int, n: int, is_space: Callable[[int], bool]) -> tuple[int, object] | None:
    """The longest form starting at token `start`, over token ids (orth[start:n]: ints, e.g. a memoryview of a
    doc's ORTH array) in the trie `Trie.by_id` made; whitespace tokens inside a match are skipped
    ("United\\nStates").

    No word of a form is whitespace, so a whitespace token never continues a match: is_space(i) (is token i
    whitespace) is asked only where the trie has no way on, which is rare (a match ends, or "United\\nStates"
    skips the newline).

    >>> t = Trie(lambda s: s.split()); t.add("United States", Form("US", "names", "a"))
    >>> ids = {"United": 1, "\\n": 2, "States": 3}
    >>> walk_ids(t.by_id(ids.get), [1, 2, 3], 0, 3, lambda i: i == 1)
    (3, Form(code='US', form='names', pattern_id='a'))
    """
    node, best, i = root, None, start
    while i < n:
        h = orth[i]
        nxt = node.get(h)
        if nxt is None:
            # a whitespace token is skipped only where the match could go on past it (not at a leaf)
            if i > start and len(node) > (None in node) and is_space(i):
                i += 1
                continue
            break
        node = nxt
        i += 1
        if None in node:
            best = (i, node[None])
    return best
