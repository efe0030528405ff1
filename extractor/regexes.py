"""Regex building blocks the rule components share for speed: word lists as prefix trees, and matching only at
the places a cheap scan found.

Python's `re` tries the branches of a flat alternation one by one at every position: 150 cue words cost 150
attempts where the tree costs a few. And a pattern run with `finditer` over a whole text tries every position,
where the positions a match can start at are usually known from one cheap scan.

Example:
    >>> trie(["said", "say", "says"])
    '(?:sa(?:id|ys?))'
    >>> import re
    >>> rx = re.compile(r"\\b" + trie(["rose", "fell", "fell back"], space=r"\\s+") + r"\\b")
    >>> [m.group() for m in matches_at(rx, "Exports rose; imports fell  back.", [8, 22], 0, 40)]
    ['rose', 'fell  back']
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Iterator


def trie(words: Iterable[str], space: str | None = None) -> str:
    """One regex group matching exactly `words`, factored by shared prefixes. Where one word is a prefix of
    another the longer is tried first (optional tails are greedy); callers follow the group with a boundary, so at
    a position at most one word can match and the order of the branches never shows. `space`: the pattern a space
    in a word stands for (say r"\\s+"); None: a literal space."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(space if ch == " " and space else re.escape(ch)) + emit(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: its longer continuations first, then the word itself
            body = (body if len(branches) > 1 or len(branches[0]) == 1 else "(?:" + body + ")") + "?"
        return body
    return "(?:" + emit(root) + ")"


def matches_at(rx: re.Pattern, text: str, starts: list[int], start: int, end: int) -> Iterator[re.Match]:
    """What rx.finditer(text, start, end) yields, trying only the sorted positions `starts` (a superset of where a
    match can begin); matches do not overlap, as with finditer."""
    last = start
    for p in starts[bisect.bisect_left(starts, start):]:
        if p >= end:
            break
        if p < last:
            continue
        m = rx.match(text, p, end)
        if m:
            yield m
            last = m.end()
