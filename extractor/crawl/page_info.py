"""What the crawler itself needs to know about a fetched HTML page: the canonical URL it names (for the dedupe)
and the character encoding its bytes are really in (the raw bytes are stored untouched; the encoding is a hint
for the parser).

The canonical URL is `<link rel=canonical>`, else `og:url`, canonicalised, else the URL the page came from (a
canonical that names the site's home page for an article is a template error and is ignored).
The encoding is the declared one (HTTP header, then `<meta charset>`) when the bytes decode under it, else the
one charset-normalizer detects: a windows-1252 page that claims UTF-8 is read as windows-1252.

Example:
    >>> html = b'<html><head><link rel="canonical" href="/a?utm_source=x"></head><body>caf\\xe9</body></html>'
    >>> page_canonical(html, "http://ex.org/a?id=1")
    'http://ex.org/a'
    >>> page_encoding(html, {"content-type": "text/html; charset=utf-8"})
    'cp1252'
"""
from __future__ import annotations

import codecs
import re
from typing import Optional
from urllib.parse import urlsplit

import lxml.html

from extractor.crawl.urls import try_canonical

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w:.-]+)", re.I)


def page_canonical(body: bytes, url: str) -> str:
    """The page's own canonical URL (rel=canonical, og:url), or `url` canonicalised."""
    try:
        doc = lxml.html.document_fromstring(body[:2_000_000])
    except (ValueError, lxml.etree.ParserError):
        return try_canonical(url) or url
    own = try_canonical(url) or url
    for href in doc.xpath('//link[contains(concat(" ", normalize-space(translate(@rel, "CANONIL", "canonil")), " "),'
                          ' " canonical ")]/@href') + doc.xpath('//meta[@property="og:url"]/@content'):
        found = try_canonical(href, url)
        # a site whose template names its home page as every article's canonical would make every article a
        # duplicate of the first: an article's canonical is never a bare home page
        if found and not (urlsplit(found).path == "/" and urlsplit(own).path != "/"):
            return found
    return own


def declared_charset(body: bytes, headers: dict[str, str]) -> Optional[str]:
    """The charset the HTTP header or the page's <meta> declares, as a Python codec name."""
    for source in (_HEADER_CHARSET.search(headers.get("content-type", "")), _META_CHARSET.search(body[:4096])):
        if source:
            name = source.group(1)
            name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
            try:
                found = codecs.lookup(name).name
            except LookupError:
                continue
            # WHATWG Encoding: browsers read pages labelled latin-1 or ascii as windows-1252 (its 0x80-0x9F are
            # the curly quotes and dashes such pages really mean)
            return "cp1252" if found in _WHATWG_AS_CP1252 else found
    return None


def page_encoding(body: bytes, headers: dict[str, str]) -> str:
    """The encoding the bytes are really in: the declared one if they decode under it, else a detected one."""
    declared = declared_charset(body, headers)
    if declared:
        try:
            body.decode(declared)
            return declared
        except UnicodeDecodeError:
            pass
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    guess = codecs.lookup(best.encoding).name if best else "cp1252"
    # short Latin texts look alike in every single-byte Western code page; the web's de facto one (WHATWG's
    # default for undeclared and latin-1 labelled pages) is windows-1252
    if guess in _WESTERN_SINGLE_BYTE:
        try:
            body.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return guess


_WESTERN_SINGLE_BYTE = {codecs.lookup(n).name for n in (
    "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_9", "iso8859_15", "iso8859_13",
    "mac_roman", "cp850", "cp437")}
_WHATWG_AS_CP1252 = {codecs.lookup(n).name for n in ("latin_1", "ascii")}
