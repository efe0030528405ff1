"""Region mentions: countries, blocs and world regions, normalised to codes (SCHEMA.md, Region).

The component "newsfacts_regions" finds every gazetteer form (extractor/region_gazetteer.py: longest match,
case-sensitive, so "Turkey" the country and not "turkey"), keeps those that the context rules
(extractor/region_context.py) call mentions, and sets doc.spans["nf_regions"]: non-overlapping spans in text
order, span.label_ = region code, span.id_ = the gazetteer entry and form that matched ("country-CN#demonyms").
Rules only, no statistical model, so it runs in the fast mode at full speed.

Example:
    >>> import spacy
    >>> from extractor import sentences  # noqa: F401  (registers newsfacts_sentences)
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_sentences"); _ = nlp.add_pipe("newsfacts_regions")
    >>> doc = nlp("Beijing retaliated after the Bank of Japan sold U.S. dlrs to Chinese exporters.")
    >>> [(s.text, s.label_) for s in doc.spans[SPANS_KEY]]
    [('Beijing', 'CN'), ('Chinese', 'CN')]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.patterns import load_json
from extractor.region_context import Candidate, Context, Decider
from extractor.region_gazetteer import RegionInfo, Trie, forms, gazetteer, split_dotted
from extractor.region_tokens import Unglue, split_tokens

__all__ = ["SPANS_KEY", "RegionInfo", "RegionMatcher", "gazetteer", "region_at"]

SPANS_KEY = "nf_regions"

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


class RegionMatcher:
    def __init__(self, nlp: Language):
        def tokenize(text: str) -> list[str]:
            return [p for t in nlp.make_doc(text) for p in split_dotted(t.text)]

        self.trie = Trie(tokenize)
        for text, form in forms():
            self.trie.add(text, form)
        self.ctx = Context.load()
        starts = {w for w, node in self.trie.root.items() if w}
        glue = set(load_json("region_context.json")["glue_words"]) | self.ctx.gov_verbs
        self.unglue = Unglue(starts, self.trie.ends, glue)

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        if split_tokens(doc, words, self.unglue):
            words = [t.text for t in doc]
        cands: list[Candidate] = []
        root, n, i = self.trie.root, len(words), 0
        while i < n:
            # most tokens start no form: one dict probe rules them out before the trie walk
            hit = self.trie.longest(words, i, str.isspace) if words[i] in root else None
            if hit is None:
                i += 1
                continue
            end, form = hit
            cands.append(Candidate(i, end, form.code, form.form, form.pattern_id))
            i = end
        published = doc._.published if Doc.has_extension("published") else None
        kept = Decider(doc, cands, self.ctx).decide(published)
        doc.spans[SPANS_KEY] = [Span(doc, c.start, c.end, label=c.code, span_id=c.pattern_id) for c in kept]
        return doc


@Language.factory("newsfacts_regions")
def make_region_matcher(nlp: Language, name: str) -> RegionMatcher:
    return RegionMatcher(nlp)


def region_at(doc: Doc, token_i: int) -> Span | None:
    """The region span covering token `token_i`, if any."""
    for span in doc.spans.get(SPANS_KEY, []):
        if span.start <= token_i < span.end:
            return span
    return None
