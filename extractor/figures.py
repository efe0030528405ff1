"""Figures: money, percentages and counted quantities, normalised, with what they measure.

Token patterns in patterns/figures.jsonl find candidate spans; the functions here read each span's number, scale
and unit, then the sentence around it for direction and kind.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from extractor.patterns import load_json, load_jsonl

if not Doc.has_extension("nf_figures"):
    Doc.set_extension("nf_figures", default=None)

SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
          "trillion": 1e12, "tn": 1e12}
CURRENCIES = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "dollars": "USD", "dlrs": "USD",
              "euros": "EUR", "pounds": "GBP", "stg": "GBP", "yen": "JPY", "yuan": "CNY"}


def parse_number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


class FigureMatcher:
    def __init__(self, nlp: Language):
        self.matcher = Matcher(nlp.vocab, validate=True)
        for p in load_jsonl("figures.jsonl"):
            self.matcher.add(p["id"], [p["pattern"]])
        self.directions = {w: d for d, words in load_json("directions.json").items() for w in words}

    def __call__(self, doc: Doc) -> Doc:
        spans = [doc[s:e] for _, s, e in self.matcher(doc)]
        ids = {(s, e): doc.vocab.strings[m] for m, s, e in self.matcher(doc)}
        figures = []
        for span in filter_spans(spans):
            fig = self.read(span)
            if fig is not None:
                fig["pattern_id"] = ids[(span.start, span.end)]
                figures.append(fig)
        doc._.nf_figures = figures
        return doc

    def read(self, span) -> dict | None:
        value, unit, scale = None, None, 1.0
        for tok in span:
            low = tok.lower_
            if tok.like_num and value is None:
                value = parse_number(tok.text)
            elif low in SCALES:
                scale = SCALES[low]
            elif low in CURRENCIES:
                unit = CURRENCIES[low]
            elif low in ("%", "pct", "percent"):
                unit = "%"
        if value is None or unit is None:
            return None
        sent = span.sent
        before = [t.lower_ for t in sent if t.i < span.start]
        direction = next((self.directions[w] for w in reversed(before[-4:]) if w in self.directions), None)
        kind = "change" if direction and (not before or before[-1] in ("by",) or before[-1] in self.directions) else "level"
        return {"text": span.text, "start": span.start_char, "end": span.end_char, "value": value * scale,
                "unit": unit, "qualifier": "=", "direction": direction, "kind": kind, "metric": "other",
                "sentence": sent.text}


@Language.factory("newsfacts_figures")
def make_figure_matcher(nlp: Language, name: str) -> FigureMatcher:
    return FigureMatcher(nlp)
