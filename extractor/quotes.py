"""Quotes: who said what. Cue words (patterns/cues.json) pick the sentences worth parsing; only those sentences go
through the statistical parser and NER, which find the speaker and the reported clause.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractor.patterns import load_json
from extractor.statistical import load_statistical

if not Doc.has_extension("nf_quotes"):
    Doc.set_extension("nf_quotes", default=None)


class QuoteFinder:
    def __init__(self, nlp: Language, use_statistical: bool = True):
        cues = load_json("cues.json")
        self.cue_lemmas = set(cues["verbs"])
        self.cue_forms = {"say", "says", "said", "tell", "told", "add", "added", "note", "noted", "warn", "warned",
                          "argue", "argued", "highlighted", "stated", "explained", "claimed", "insisted", "stressed"}
        self.use_statistical = use_statistical

    def __call__(self, doc: Doc) -> Doc:
        quotes = []
        sents = [s for s in doc.sents if any(t.lower_ in self.cue_forms for t in s)]
        if sents and self.use_statistical:
            stat = load_statistical()
            for sent, parsed in zip(sents, stat.pipe([s.text for s in sents])):
                quotes.extend(self.read(sent, parsed))
        doc._.nf_quotes = quotes
        return doc

    def read(self, sent, parsed) -> list[dict]:
        out = []
        base = sent.start_char
        for tok in parsed:
            if tok.lemma_ not in self.cue_lemmas or tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if subj is None or comp is None or subj.pos_ != "PROPN":
                continue
            left = [t for t in comp.subtree if t.lower_ != "that" or t.i != comp.left_edge.i]
            s, e = left[0].idx, left[-1].idx + len(left[-1].text)
            name = parsed[subj.left_edge.i:subj.i + 1]
            out.append({"text": parsed.text[s:e], "start": base + s, "end": base + e, "kind": "indirect",
                        "speaker": name.text, "speaker_type": "person", "title": None, "organization": None,
                        "cue": tok.text, "speaker_start": base + name.start_char, "speaker_end": base + name.end_char,
                        "sentence": sent.text, "pattern_id": "indirect-ccomp"})
        return out


@Language.factory("newsfacts_quotes", default_config={"use_statistical": True})
def make_quote_finder(nlp: Language, name: str, use_statistical: bool) -> QuoteFinder:
    return QuoteFinder(nlp, use_statistical)
