"""Region mentions: countries, blocs and world regions, matched from the gazetteer in patterns/regions.jsonl.

Each gazetteer entry names a code, canonical name and kind, and the surface forms that mention it. Matches are
case-sensitive ("Turkey" the country, not "turkey"), longest first.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.patterns import load_jsonl

SPANS_KEY = "nf_regions"


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    kind: str


@functools.lru_cache(maxsize=1)
def gazetteer() -> dict[str, RegionInfo]:
    """code -> canonical name and kind"""
    return {e["code"]: RegionInfo(e["code"], e["name"], e["kind"]) for e in load_jsonl("regions.jsonl")}


class RegionMatcher:
    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.pattern_of: dict[str, str] = {}
        for entry in load_jsonl("regions.jsonl"):
            key = entry["code"]
            self.pattern_of[key] = entry["id"]
            self.matcher.add(key, [nlp.make_doc(a) for a in entry["aliases"]])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            code = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=code, span_id=self.pattern_of[code]))
        doc.spans[SPANS_KEY] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc


@Language.factory("newsfacts_regions")
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    return RegionMatcher(nlp)


def region_at(doc: Doc, token_i: int) -> Span | None:
    for span in doc.spans.get(SPANS_KEY, []):
        if span.start <= token_i < span.end:
            return span
    return None
