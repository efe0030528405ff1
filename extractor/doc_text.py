"""The article text of a Doc, kept once by make_doc for every component that reads it.

`Doc.text` joins every token again on each call (~0.1 ms for a 2,000-character article), more than some
components' whole work; make_doc already holds the text it tokenized.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = keep_text(nlp.make_doc("Exports rose 5%."), "Exports rose 5%.")
    >>> doc_text(doc)
    'Exports rose 5%.'
"""
from __future__ import annotations

from spacy.tokens import Doc

KEY = "nf_text"


def keep_text(doc: Doc, text: str) -> Doc:
    doc.user_data[KEY] = text
    return doc


def doc_text(doc: Doc) -> str:
    """The kept copy where it is there and still fits the doc (checked by length), else Doc.text."""
    text = doc.user_data.get(KEY)
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text
