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

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from extractor.patterns import load_json
from extractor.region_context import Candidate, Context, Decider, Lexicon
from extractor.region_gazetteer import RegionInfo, Trie, forms, gazetteer, split_dotted, walk_ids
from extractor.region_tokens import Unglue, split_at
from extractor.sentences import lexeme_flag

__all__ = ["SPANS_KEY", "RegionInfo", "RegionMatcher", "gazetteer", "region_at"]

SPANS_KEY = "nf_regions"
_CACHE_MAX = 50_000  # word types per cache (~15 MB at most); it starts afresh past this, so a long batch holds no more

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


class WordTypes:
    """The lexeme flag the matcher reads for a whole doc in one `doc.to_array`: True for the word types it must
    look at (a gazetteer form starts with them, or they are glued and split), so that the other tokens, most of
    them, cost nothing but that array. It also caches each type's glued pieces.
    """

    def __init__(self, starts: set[str], unglue: Unglue):
        self.starts, self.unglue = starts, unglue
        self.pieces: dict[int, list[str] | None] = {}

    def __call__(self, text: str) -> bool:
        return text in self.starts or self.unglue.split(text) is not None

    def split(self, vocab: Vocab, orth: int) -> list[str] | None:
        """the pieces of a glued word type, None where it stays whole"""
        try:
            return self.pieces[orth]
        except KeyError:
            if len(self.pieces) >= _CACHE_MAX:
                self.pieces.clear()
            parts = self.pieces[orth] = self.unglue.split(vocab.strings[orth])
            return parts


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
        self.types = WordTypes(starts, self.unglue)
        self.lexicon = Lexicon(_CACHE_MAX)
        self.vocab = nlp.vocab
        self.flag = lexeme_flag(nlp.vocab, self.types)
        # the trie again over orth ids: the walk reads a doc's ORTH array, never a token's text
        self.root = self.trie.by_id(nlp.vocab.strings.add)
        self.start_ids = {h for h in self.root if h is not None}
        # most forms are one word that no longer form starts with ("China", "EU"): found without a walk
        self.one_word = {h: node[None] for h, node in self.root.items() if h is not None and list(node) == [None]}

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        flag = self.flag
        if vocab.lex_attr_getters.get(flag) is not self.types:
            # a doc of another pipeline (its vocab needs the flag too), or other code took the bit over
            flag = lexeme_flag(vocab, self.types)
            if vocab is self.vocab:
                self.flag = flag
        arr = doc.to_array([flag, ORTH])
        hits = numpy.flatnonzero(arr[:, 0])
        ids = arr[hits, 1].tolist()
        starts, split = self.start_ids, self.types.split
        # a flagged word starts a form or is glued, never both (Unglue keeps a form's first word whole)
        todo = [(i, parts) for i, h in zip(hits.tolist(), ids) if h not in starts and (parts := split(vocab, h))]
        if split_at(doc, todo):
            arr = doc.to_array([flag, ORTH])
            hits = numpy.flatnonzero(arr[:, 0])
            ids = arr[hits, 1].tolist()
        decider = Decider(doc, [], self.ctx, self.lexicon, arr[:, 1])
        orth = decider.orth
        cands, root, n, end = decider.cands, self.root, decider.n, 0
        lex = decider.lex
        is_space = lambda i: lex(i).is_space  # noqa: E731
        one_word = self.one_word
        for i, h in zip(hits.tolist(), ids):
            # a match's inner words are skipped
            if i < end or h not in starts:
                continue
            form = one_word.get(h)
            if form is not None:
                end = i + 1
            else:
                hit = walk_ids(root, orth, i, n, is_space)
                if hit is None:
                    continue
                end, form = hit
            cand = Candidate(i, end, form.code, form.form, form.pattern_id)
            cands.append(cand)
            decider.by_start[i] = decider.by_end[end] = cand
        published = doc._.published if Doc.has_extension("published") else None
        kept = decider.decide(published)
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
