"""What a figure measures: metric phrases from patterns/metrics.json found on a sentence's tokens.

Phrases match lower-cased token texts, longest first; a trailing `*` matches any ending ("export*": exports,
exported). "The gap between US exports and imports" is one trade_deficit mention: a "gap/difference between"
phrase swallows the export and import words that follow it.

Example:
    >>> import spacy
    >>> doc = spacy.blank("en")("China's trade surplus rose while imports fell.")
    >>> [(m.metric, m.text) for m in metric_mentions(doc, 0, len(doc))]
    [('trade_surplus', 'trade surplus'), ('imports', 'imports')]
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.doc_text import doc_text
from extractor.patterns import load_json


@dataclass
class MetricMention:
    start: int   # token indices, end exclusive
    end: int
    metric: str
    text: str


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """first word (or "*prefix") -> [(words, metric)], longest first"""
    idx: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for metric, phrases in load_json("metrics.json").items():
        if metric.startswith("_"):
            continue
        for p in phrases:
            words = tuple(p.lower().replace("-", " - ").split())
            key = "*" + words[0][:-1] if words[0].endswith("*") else words[0]
            idx.setdefault(key, []).append((words, metric))
    for v in idx.values():
        v.sort(key=lambda x: -len(x[0]))
    return idx


@functools.lru_cache(maxsize=1)
def _prefixes() -> list[str]:
    return [k[1:] for k in _index() if k.startswith("*")]


def _word_ok(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _low(low: str) -> str:
    # scraped wire copy glues a ticker to its name: "subindex(.FTNMX601010)"
    return low.split("(", 1)[0] if "(" in low[1:] else low


def metric_mentions(doc: Doc, start: int, end: int, skip: set[int] | frozenset = frozenset(),
                    toks=None) -> list[MetricMention]:
    """Metric phrases among doc[start:end], leaving out tokens in `skip` (those inside figures). `toks`: the
    doc's figure_sentences.Toks where the caller has them."""
    if toks is None:
        from extractor.figure_sentences import Toks
        toks = Toks(doc, doc_text(doc))
    T = toks
    idx, prefixes = _index(), _prefixes()
    out: list[MetricMention] = []
    # line breaks inside a phrase ("current account\ndeficit") are tokens of their own: match across them
    pairs = [(i, low) for i, low in enumerate(T.lows(start, end), start) if not low.isspace()]
    toks = [i for i, _ in pairs]
    lows = [_low(low) if "(" in low else low for _, low in pairs]
    prefix_tuple = tuple(prefixes)
    # the words a phrase can start with; the others are passed over (they match nothing)
    starts = [j for j, low in enumerate(lows) if low in idx or low.startswith(prefix_tuple)]
    after = 0  # the token after the last phrase found: phrases do not overlap
    for j in starts:
        if j < after:
            continue
        i = toks[j]
        if i in skip:
            continue
        low = lows[j]
        cands = idx.get(low, ())
        if low.startswith(prefix_tuple):
            more = [c for p in prefixes if low.startswith(p) for c in idx["*" + p]]
            if more:
                cands = list(cands) + more
        if not cands:
            continue
        best = None
        for words, metric in cands:
            n = len(words)
            if best is not None and n <= len(best[0]) or j + n > len(toks):
                continue  # (a phrase replaces a found one only when it is longer)
            # the first word matched already (it is how the candidates were looked up); token j is not in skip
            for k in range(1, n):
                if not _word_ok(words[k], lows[j + k]) or toks[j + k] in skip:
                    break
            else:
                best = (words, metric)
        if best:
            n = len(best[0])
            last = toks[j + n - 1]
            out.append(MetricMention(i, last + 1, best[1], T.span_text(i, last + 1)))
            after = j + n
    # "the gap between US exports and imports": one deficit, not three metrics
    kept: list[MetricMention] = []
    swallow_until = -1
    for m in out:
        if m.start < swallow_until and m.metric in ("exports", "imports"):
            kept[-1].end = m.end
            kept[-1].text = T.span_text(kept[-1].start, m.end)
            continue
        if m.metric == "trade_deficit" and m.text.lower().endswith("between"):
            swallow_until = m.end + 10
        kept.append(m)
    return kept
