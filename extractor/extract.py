"""Article in, Article with figures, quotes and regions out: the spaCy pipeline assembled from patterns/.

Modes
    accurate  rules everywhere, and the statistical parser/NER on the sentences a rule asks about (quotes)
    fast      rules only; no statistical model is loaded

Example:
    >>> ex = Extractor(mode="fast")
    >>> ex.extract_text("Exports rose 5.9% in November.").figures[0].unit
    '%'
"""
from __future__ import annotations

from typing import Iterable, Iterator, Literal

import spacy
from pydantic import TypeAdapter
from spacy.language import Language
from spacy.tokens import Doc

from extractor import __version__
from extractor import figures as _figures  # noqa: F401  (registers the component factories)
from extractor import quotes as _quotes  # noqa: F401
from extractor import regions as _regions
from extractor import sentences as _sentences  # noqa: F401
from extractor.conventions import Conventions
from extractor.doc_text import keep_text
from extractor.models import Article, Figure, Quote, Region
from extractor.patterns import patterns_version

Mode = Literal["accurate", "fast"]
_REGIONS, _FIGURES, _QUOTES = TypeAdapter(list[Region]), TypeAdapter(list[Figure]), TypeAdapter(list[Quote])


def build_pipeline(mode: Mode = "accurate", conventions: Conventions | None = None) -> Language:
    conv = conventions or Conventions()
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    nlp.add_pipe("newsfacts_regions")
    nlp.add_pipe("newsfacts_figures", config={"range_ends": conv.range_ends})
    nlp.add_pipe("newsfacts_quotes", config={"use_statistical": mode == "accurate",
                                             "merge_runs": conv.quote_runs == "merge"})
    # long articles are fine: no component holds per-token state that grows with length beyond the doc itself
    nlp.max_length = 5_000_000
    return nlp


def make_doc(nlp: Language, text: str, published: str | None) -> Doc:
    """A tokenized doc carrying the article's publication date, which components read (figures resolve
    "in November" against it). Run the pipeline on it with `nlp.pipe([(doc, ...)], as_tuples=True)` or its procs."""
    doc = nlp.make_doc(text)
    doc._.published = published
    return keep_text(doc, text)


def run_pipeline(nlp: Language, text: str, published: str | None = None) -> Doc:
    doc = make_doc(nlp, text, published)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


class ExtractionError(ValueError):
    """An article that cannot be extracted (empty or binary text); the message names the article."""


class Extractor:
    def __init__(self, mode: Mode = "accurate", conventions: Conventions | None = None):
        if mode not in ("accurate", "fast"):
            raise ValueError(f"unknown mode {mode!r}: use 'accurate' or 'fast'")
        self.mode = mode
        self.conventions = conventions or Conventions()
        self.nlp = build_pipeline(mode, self.conventions)
        self.provenance = {"extractor_version": __version__, "patterns_version": patterns_version()}

    def extract_text(self, text: str, **meta) -> Article:
        return self.extract(Article(id=meta.pop("id", "text"), text=text, **meta))

    def extract(self, article: Article) -> Article:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Article]:
        checked = (self._check(a) for a in articles)
        pairs = self.nlp.pipe((self._doc(a) for a in checked), as_tuples=True, batch_size=batch_size)
        for doc, article in pairs:
            yield self.records(doc, article)

    def _doc(self, article: Article) -> tuple[Doc, Article]:
        return make_doc(self.nlp, article.text, article.published), article

    @staticmethod
    def _check(article: Article) -> Article:
        if not article.text.strip():
            raise ExtractionError(f"article {article.id}: text is empty")
        if "\x00" in article.text:
            raise ExtractionError(f"article {article.id}: text is binary (holds NUL bytes)")
        return article

    def records(self, doc: Doc, article: Article) -> Article:
        prov = self.provenance
        info = _regions.gazetteer()
        text = article.text
        rows = []
        for span in doc.spans.get(_regions.SPANS_KEY, []):
            g = info[span.label_]
            start, end = span.start_char, span.end_char
            # the doc's text is the article's: a slice is span.text without making a Token per word
            rows.append({"text": text[start:end], "start": start, "end": end, "code": g.code, "name": g.name,
                         "kind": g.kind, "pattern_id": span.id_, **prov})
        # one validator call per record kind, not one per record: pydantic's per-call overhead is most of the cost
        regions = _REGIONS.validate_python(rows)
        figures = _FIGURES.validate_python([{**f, **prov} for f in doc._.nf_figures or []])
        quotes = _QUOTES.validate_python([{**q, **prov} for q in doc._.nf_quotes or []])
        out = article.model_copy(update={"figures": figures, "quotes": quotes, "regions": regions})
        out.check_offsets()
        return out
