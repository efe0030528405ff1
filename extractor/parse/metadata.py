"""Article metadata from a page: title, published date, authors, canonical URL, language, publisher, description.

Sources, best first for each field: JSON-LD (NewsArticle/Article, also inside `@graph`), OpenGraph and other
`<meta>` tags, then the page itself (`<time>`, `<title>`, `<h1>`, `<html lang>`). `<head>` is read with
beautifulsoup4 (lxml); the body is not, because building a BeautifulSoup tree of a whole page costs more than
trafilatura's entire extraction: `<time>`, `<h1>` and bylines come from the lxml tree the body extractor builds
anyway.

Example:
    >>> m = read_metadata('<html lang="en-GB"><head><meta property="og:title" content="Tariffs &amp; trade">'
    ...                   '<link rel="canonical" href="/a/1?utm_source=x&id=7"></head>'
    ...                   '<body><time datetime="2024-05-02">2 May</time></body></html>',
    ...                   url="https://news.example/a/1")
    >>> m.title, m.published, m.canonical_url, m.language
    ('Tariffs & trade', '2024-05-02', 'https://news.example/a/1?id=7', 'en-GB')
"""
from __future__ import annotations

import html as htmllib
import re
from typing import Any, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from pydantic import BaseModel, Field

from extractor.parse.dates import iso_date
from extractor.parse.jsonld import article_node, jsonld_nodes, names, text_value, types

_BODY = re.compile(r"<body[\s>]", re.I)
_HEAD_NOISE = re.compile(r"<(script|style|noscript|svg)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_HEAD_TAGS = re.compile(r"<title\b[^>]*>.*?</title\s*>|<(?:meta|html)\b[^>]*>|<link\b[^>]*canonical[^>]*>",
                        re.I | re.S)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_AUTHOR_AND = re.compile(r"\s+(?:and|And|AND|&)\s+")
_AFFILIATION = re.compile(r"\b(writer|correspondent|reporter|editor|staff|press|news|contributor|columnist|"
                          r"associated|reuters|bureau|desk)\b|\.(com|org|net|co)\b", re.I)
_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por|di)\s+", re.I)
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|cmpid|ocid|ns_\w+|at_\w+)$",
                       re.I)
_SPACE = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")
_DATE_META = ("article:published_time", "og:published_time", "published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dc.date", "dcterms.created",
              "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "article.published",
              "originalpublicationdate", "og:article:published_time", "eomportal-lastupdate")
_AUTHOR_META = ("author", "article:author", "og:article:author", "sailthru.author", "parsely-author", "byl",
                "dc.creator", "citation_author")


class PageMeta(BaseModel):
    """What a page says about its article (every field optional: pages omit any of them)."""

    title: Optional[str] = None
    published: Optional[str] = None
    modified: Optional[str] = None
    authors: list[str] = Field(default_factory=list)
    canonical_url: Optional[str] = None
    language: Optional[str] = None
    publisher: Optional[str] = None
    description: Optional[str] = None
    article_body: Optional[str] = None  # JSON-LD articleBody as given (it may hold HTML or be truncated)
    # every form of the headline the page gives (JSON-LD, OpenGraph, Twitter, <title>, <h1>): the body cleanup
    # drops a first line that repeats one of them
    headlines: list[str] = Field(default_factory=list)


def _clean(text: Any) -> Optional[str]:
    if not isinstance(text, str):
        return None
    text = _SPACE.sub(" ", htmllib.unescape(text)).strip()
    return text or None


def _head(page: str):
    """A BeautifulSoup of the page's <title>, <meta> and <link> tags: all metadata lives in these, and souping
    only them (not the inline scripts and styles around them) keeps this a fraction of a millisecond."""
    from bs4 import BeautifulSoup
    m = _BODY.search(page)
    head = _HEAD_NOISE.sub("", page[:m.start()] if m else page[:200_000])
    return BeautifulSoup("".join(t.group(0) for t in _HEAD_TAGS.finditer(head)), "lxml")


def lxml_tree(page: str):
    """The page's lxml tree (lxml is what trafilatura reads too), or None for a page lxml cannot read."""
    from trafilatura.utils import load_html
    try:
        return load_html(page)
    except (ValueError, TypeError):
        return None


def _metas(soup) -> dict[str, str]:
    """<meta> values by lower-cased name/property/itemprop; the first occurrence wins."""
    out: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        value = tag.get("content")
        if key and value and value.strip():
            out.setdefault(str(key).strip().lower(), value.strip())
    return out


def _absolute(href: Optional[str], base: Optional[str]) -> Optional[str]:
    """An absolute http(s) URL without tracking parameters (utm_*, fbclid, ...), or None."""
    if not href:
        return None
    href = href.strip()
    full = urljoin(base, href) if base else href
    parts = urlsplit(full)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.query:
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
        full = urlunsplit(parts._replace(query=urlencode(kept)))
    return full


def _site_suffix_stripped(title: str, site: Optional[str]) -> str:
    """'Exports rise | The Daily' -> 'Exports rise': drop a trailing (or leading) part naming the site."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site and parts[-1].strip().lower() == site.lower():
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    if site and parts[0].strip().lower() == site.lower():
        return parts[-1] if len(parts) == 2 else title
    longest = max(parts, key=len)
    return longest if len(parts[-1]) < 30 and len(longest) >= 0.5 * len(title) else title


def _site_named_part_stripped(title: str, site: str) -> str:
    """Drop a leading or trailing part that is exactly the site's name ('Exports rise - Daily' -> 'Exports rise')."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 2:
        if parts[1].strip().lower() == site.lower():
            return parts[0].strip()
        if parts[0].strip().lower() == site.lower():
            return parts[1].strip()
    return title


def _language(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    value = value.strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
        return None
    head, *rest = value.split("-")
    return "-".join([head.lower(), *[r.upper() if len(r) == 2 else r for r in rest]])


def _authors_cleaned(authors: list[str], *organisations: Optional[str]) -> list[str]:
    """Bylines as names: 'By ' dropped; 'A and B' split; a trailing ', AP Sports Writer' or ', CNN' affiliation
    cut; the publisher itself left out; ALL-CAPS names title-cased.

    >>> _authors_cleaned(["By MEG KINNARD and ERRIN HAINES, Associated Press", "CNN"], "CNN")
    ['Meg Kinnard', 'Errin Haines']
    """
    skip = {o.lower() for o in organisations if o}
    out: list[str] = []
    for raw in authors:
        raw = _BYLINE_PREFIX.sub("", raw).strip(" ,;|")
        head, _, tail = raw.partition(",")
        if tail and (_AFFILIATION.search(tail) or tail.strip().lower() in skip):
            raw = head
        parts = _AUTHOR_AND.split(raw) if all(len(p.split()) <= 4 for p in _AUTHOR_AND.split(raw)) else [raw]
        for name in parts:
            name = name.strip(" ,;|")
            if name.isupper() and len(name) > 3:
                name = name.title()
            if name and name.lower() not in skip and name not in out and len(name) <= 120:
                out.append(name)
    people = [n for n in out if not _AFFILIATION.search(n)]
    return people or out  # an agency alone ("Reuters") stays: it is all the byline says


def _tree_time(tree) -> Optional[str]:
    """The publication date marked up in the body: itemprop=datePublished, else the first <time datetime>."""
    if tree is None:
        return None
    for xpath in ('//*[@itemprop="datePublished"]/@content', '//*[@itemprop="datePublished"]/@datetime',
                  '//time[contains(@class, "publish") or contains(@class, "pub")]/@datetime',
                  '//time[@pubdate]/@datetime', '//time/@datetime'):
        for value in tree.xpath(xpath)[:3]:
            found = iso_date(str(value))
            if found:
                return found
    return None


def _htmldate(tree, url: Optional[str]) -> Optional[str]:
    """Last resort for the date: htmldate (trafilatura's date finder) on the markup only, no guessing from text."""
    if tree is None:
        return None
    try:
        from htmldate import find_date
        found = find_date(tree, extensive_search=False, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - a third-party heuristic must never cost the page
        return None
    return iso_date(found) if found else None


def _tree_authors(tree) -> list[str]:
    if tree is None:
        return []
    found: list[str] = []
    for el in tree.xpath('//*[@rel="author"] | //*[@itemprop="author"]')[:5]:
        name = el.xpath('string(.//*[@itemprop="name"])') or el.text_content()
        name = _clean(name)
        if name and len(name) < 80 and name not in found:
            found.append(name)
    return found


def _tree_title(tree) -> Optional[str]:
    if tree is None:
        return None
    for h1 in tree.xpath("//h1")[:2]:
        text = _clean(h1.text_content())
        if text and len(text) > 3:
            return text
    return None


def _node_url(node: dict) -> Optional[str]:
    entity = node.get("mainEntityOfPage")
    if isinstance(entity, dict):
        entity = entity.get("@id") or entity.get("url")
    for value in (node.get("url"), entity):
        if isinstance(value, str) and value.startswith("http"):
            return value
    return None


def read_metadata(page: str, url: Optional[str] = None, tree=None) -> PageMeta:
    """Metadata of a decoded page; `tree` is the page's lxml tree when the caller has one (see the docstring)."""
    if tree is None:
        tree = lxml_tree(page)
    soup = _head(page)
    metas = _metas(soup)
    node = article_node(jsonld_nodes(page)) or {}
    is_article = bool(node) and not any(t in ("webpage", "itempage") for t in types(node))

    site = _clean(metas.get("og:site_name")) or text_value(node.get("publisher"))
    title = (_clean(text_value(node.get("headline"))) if is_article else None) \
        or _clean(metas.get("og:title")) or _clean(metas.get("twitter:title")) \
        or _clean(text_value(node.get("headline") or node.get("name"))) or _tree_title(tree)
    if not title and soup.title and soup.title.string:
        raw = _clean(soup.title.get_text(" "))
        title = _site_suffix_stripped(raw, site) if raw else None
    elif title and site:
        title = _site_named_part_stripped(title, site)
    raw_title = _clean(soup.title.get_text(" ")) if soup.title else None
    headlines = [h for h in (title, _clean(text_value(node.get("headline"))), _clean(metas.get("og:title")),
                             _clean(metas.get("twitter:title")), raw_title,
                             _site_suffix_stripped(raw_title, site) if raw_title else None, _tree_title(tree)) if h]

    published = iso_date(text_value(node.get("datePublished"))) or iso_date(text_value(node.get("dateCreated")))
    if not published:
        published = next((d for d in (iso_date(metas.get(k)) for k in _DATE_META if k in metas) if d), None)
    if not published:
        published = _tree_time(tree)
    if not published:
        published = _htmldate(tree, url)
    modified = iso_date(text_value(node.get("dateModified"))) or iso_date(metas.get("article:modified_time"))

    authors = names(node.get("author")) or names(node.get("creator"))
    if not authors:
        for key in _AUTHOR_META:
            value = _clean(metas.get(key))
            if value and not value.startswith(("http://", "https://")):
                authors = [a.strip() for a in _AUTHOR_SPLIT.split(value) if a.strip()]
                break
    if not authors:
        authors = _tree_authors(tree)
    authors = _authors_cleaned(authors, site, _clean(text_value(node.get("publisher"))))

    link = soup.find("link", rel=lambda v: v and "canonical" in [r.lower() for r in (v if isinstance(v, list)
                                                                                     else [v])])
    canonical = _absolute(link.get("href") if link else None, url) or _absolute(metas.get("og:url"), url) \
        or _absolute(_node_url(node), url) or url

    root_lang = tree.get("lang") if tree is not None else None
    if root_lang is None and soup.html is not None:
        root_lang = soup.html.get("lang")
    language = _language(root_lang) or _language(text_value(node.get("inLanguage"))) \
        or _language(metas.get("content-language")) or _language(metas.get("og:locale"))

    body = node.get("articleBody")
    return PageMeta(
        title=title, published=published, modified=modified, authors=authors, canonical_url=canonical,
        language=language, publisher=_clean(text_value(node.get("publisher"))) or site,
        description=_clean(metas.get("og:description")) or _clean(metas.get("description"))
        or _clean(text_value(node.get("description"))),
        article_body=body if isinstance(body, str) and body.strip() else None,
        headlines=list(dict.fromkeys(headlines)),
    )
