"""JSON-LD blocks of a page: finding them, reading them leniently, and picking the node that describes the article.

Publishers' JSON-LD is often slightly broken (raw newlines in strings, HTML comments or CDATA around the JSON,
trailing commas) and often nests the article in an `@graph`, a list, or `mainEntity`; all of these are read.

Example:
    >>> page = '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},'\\
    ...        ' {"@type": ["NewsArticle"], "headline": "Exports rise"}]}</script>'
    >>> article_node(jsonld_nodes(page))["headline"]
    'Exports rise'
"""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterator, Optional

_SCRIPT = re.compile(r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[^>]*>(.*?)</script\s*>", re.I | re.S)
_WRAPPERS = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# article types, best first: a page's NewsArticle beats its WebPage, whose dates and names are a fallback only
_ARTICLE_TYPES = ("newsarticle", "reportagenewsarticle", "analysisnewsarticle", "article", "blogposting",
                  "liveblogposting", "report", "scholarlyarticle", "techarticle", "socialmediaposting")
_PAGE_TYPES = ("webpage", "itempage")


def _load(raw: str) -> Any:
    raw = _WRAPPERS.sub("", raw.strip())
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
    except ValueError:
        return None


def _walk(obj: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 8:
        return
    if isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk(item, depth + 1)


def jsonld_nodes(page: str) -> list[dict]:
    """Every JSON-LD object of a page (top level, `@graph` members, nested main entities), in page order."""
    nodes: list[dict] = []
    for m in _SCRIPT.finditer(page):
        data = _load(m.group(1))
        if data is not None:
            nodes.extend(_walk(data))
    return nodes


def types(node: dict) -> list[str]:
    """The node's @type values, lower-cased (a @type may be a string or a list)."""
    t = node.get("@type")
    values = t if isinstance(t, list) else [t]
    return [str(v).lower().rsplit("/", 1)[-1] for v in values if v]


def _rank(node: dict) -> Optional[int]:
    ranks = [_ARTICLE_TYPES.index(t) for t in types(node) if t in _ARTICLE_TYPES]
    if ranks:
        return min(ranks)
    if any(t in _PAGE_TYPES for t in types(node)):
        return len(_ARTICLE_TYPES)
    return None


def article_node(nodes: list[dict]) -> Optional[dict]:
    """The node that describes the page's article: the best-ranked type, preferring one with a body or headline."""
    best, best_key = None, None
    for i, node in enumerate(nodes):
        rank = _rank(node)
        if rank is None:
            continue
        key = (rank, not node.get("articleBody"), not node.get("headline"), i)
        if best_key is None or key < best_key:
            best, best_key = node, key
    return best


def text_value(value: Any) -> Optional[str]:
    """A plain string from a JSON-LD value that may be a string, a list, or an object with a name or @value."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("@id") or value.get("url")
    if value is None or isinstance(value, (dict, list)):
        return None
    text = html.unescape(str(value)).strip()
    return text or None


def names(value: Any) -> list[str]:
    """Names of the people or organisations in a JSON-LD author-like value.

    >>> names([{"@type": "Person", "name": "Ann Lee"}, "Bo Chen", {"name": "Ann Lee"}])
    ['Ann Lee', 'Bo Chen']
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            out.extend(n for n in names(name) if n not in out)
            continue
        if isinstance(name, str):
            name = html.unescape(name).strip()
            if name and name not in out and not name.startswith(("http://", "https://")):
                out.append(name)
    return out
