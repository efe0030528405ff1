"""HTML pages to clean articles: decoding, metadata and main text.

`parse_page` gives the article and everything the page says about it (authors, language, canonical URL, ...);
`parse_html` gives just the Article, which is what `inputs.py`, the crawler and batch runs need.

Example:
    >>> page = b"<html lang='en'><head><title>Exports rise | Daily</title></head><body><article><p>"
    >>> page += b"Exports rose 5% in May from a year earlier, the customs office said on Friday. " * 4
    >>> page += b"</p></article></body></html>"
    >>> a = parse_html(page, "a1", url="https://news.example/a1")
    >>> a.title, a.url, a.text[:17]
    ('Exports rise', 'https://news.example/a1', 'Exports rose 5% i')
"""
from __future__ import annotations

from typing import Mapping, Optional

from pydantic import BaseModel

from extractor.models import Article
from extractor.parse.body import extract_body
from extractor.parse.encoding import decode_html
from extractor.parse.metadata import PageMeta, lxml_tree, read_metadata

__all__ = ["ParsedPage", "PageMeta", "parse_html", "parse_page"]


class ParsedPage(BaseModel):
    """An article and the page metadata that Article has no field for."""

    article: Article
    meta: PageMeta
    encoding: str

    def record(self) -> dict:
        """One JSON Lines row of `newsfacts parse`: the Article's fields, then the page's other metadata."""
        a = self.article
        return {"id": a.id, "url": a.url, "title": a.title, "published": a.published, "publisher": a.publisher,
                "authors": self.meta.authors, "language": self.meta.language,
                "description": self.meta.description, "text": a.text}


def parse_page(html: bytes | str, article_id: str, url: Optional[str] = None,
               headers: Optional[Mapping[str, str]] = None) -> ParsedPage:
    """Decode a page, read its metadata, extract its main text (see the module docstring)."""
    decoded = decode_html(html, headers)
    tree = lxml_tree(decoded.text)
    meta = read_metadata(decoded.text, url=url, tree=tree)
    # metadata first: trafilatura prunes the tree in place
    text = extract_body(decoded.text, tree, url=meta.canonical_url or url, title=meta.title,
                        description=meta.description, jsonld_body=meta.article_body, headlines=meta.headlines)
    # a URL the caller gives is kept (the crawler gives the canonical URL it stored, a WARC its record's URI);
    # without one, the page's own canonical URL
    article = Article(id=article_id, url=url or meta.canonical_url, title=meta.title, published=meta.published,
                      text=text, publisher=meta.publisher)
    return ParsedPage(article=article, meta=meta, encoding=decoded.encoding)


def parse_html(html: bytes | str, article_id: str, url: Optional[str] = None,
               headers: Optional[Mapping[str, str]] = None) -> Article:
    """The Article of a page: URL (the one given, else the page's canonical URL), headline, ISO publication date,
    publisher and main text."""
    return parse_page(html, article_id, url=url, headers=headers).article
