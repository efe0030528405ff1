"""Fixes to a page's lxml tree before trafilatura reads it: page layouts that make it keep too much or too little.

- an article body split into several containers of the same class (ads between them): trafilatura takes the
  first only, so the later ones are merged into it;
- `<article>` teasers nested in the article (related posts): dropped;
- embedded posts (tweets, Instagram) wrapped in a "social"/"embed" container that trafilatura's precision mode
  discards as sharing widgets, although they are part of the story: the wrapper is unwrapped;
- lists of nothing but links ("more stories"): dropped;
- hover cards inside paragraphs (a person's name that pops up their latest headlines): dropped, since their text
  would run into the sentence.

Example:
    >>> from lxml import html
    >>> tree = html.fromstring("<html><body><article><p>" + "Main text. " * 30 + "</p>"
    ...                        "<article><p>Other post</p></article></article></body></html>")
    >>> fix_tree(tree)["nested_articles"], len(tree.xpath("//article"))
    (1, 1)
"""
from __future__ import annotations

import re
from collections import defaultdict

_BODYISH = re.compile(r"(^|[\s_-])(body|text|content|article|story|entry|post)([\s_-]|$)", re.I)
_CARD = re.compile(r"(card|teaser|promo|related|recirc|tile|list|item-list|widget|sidebar|nav|comment)", re.I)
_EMBED_WRAPPER = re.compile(r"(social|embed|share|twitter|instagram)", re.I)
_POPUP = re.compile(r"(tooltip|popover|rollover|popup|hovercard|hover-card)", re.I)
MIN_CHUNK_CHARS = 300  # a body chunk holds real paragraphs; related-article cards hold a line or two


def _text_len(el) -> int:
    """Characters of paragraph text under an element (whitespace included: a cheap measure of size)."""
    return sum(len(t) for p in el.iter("p") for t in p.itertext())


def drop_nested_articles(tree) -> int:
    """Remove <article> elements inside an <article>, unless the top-level articles have no text of their own
    (then the nested ones are the content)."""
    inner = tree.xpath("//article[ancestor::article]")
    if not inner:
        return 0
    tops = tree.xpath("//article[not(ancestor::article)]")
    outermost = [a for a in inner if not a.xpath("ancestor::article[2]")]
    own = sum(_text_len(a) for a in tops) - sum(_text_len(a) for a in outermost)
    if own < 200:
        return 0
    for art in outermost:
        if art.getparent() is not None:
            art.getparent().remove(art)
    return len(outermost)


def merge_split_bodies(tree) -> int:
    """Move the content of later body chunks (same tag and class as the first, near it) into the first."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for el in tree.iter("div", "section"):
        cls = el.get("class")
        if not cls or not _BODYISH.search(cls) or _CARD.search(cls):
            continue
        groups[(el.tag, " ".join(cls.split()))].append(el)
    merged = 0
    for chunks in groups.values():
        if len(chunks) < 2:
            continue
        chunks = [c for c in chunks if not any(a in chunks for a in c.iterancestors())]
        if len(chunks) < 2:
            continue
        near = set(list(chunks[0].iterancestors())[:3])
        if not all(near & set(list(c.iterancestors())[:3]) for c in chunks[1:]):
            continue
        if any(_text_len(c) < MIN_CHUNK_CHARS for c in chunks):
            continue
        first = chunks[0]
        for chunk in chunks[1:]:
            for child in list(chunk):
                first.append(child)
            merged += 1
    return merged


def unwrap_embeds(tree) -> int:
    """Unwrap the social/embed containers around embedded posts so the posts' text stays with the story."""
    count = 0
    for quote in tree.xpath('//blockquote[contains(@class, "twitter-tweet") or contains(@class, "instagram-media")'
                            ' or contains(@class, "tiktok-embed")]'):
        quote.attrib.pop("class", None)
        parent = quote.getparent()
        for _ in range(3):
            if parent is None or parent.tag in ("article", "body", "main"):
                break
            up = parent.getparent()
            if _EMBED_WRAPPER.search(parent.get("class") or "") or _EMBED_WRAPPER.search(parent.get("id") or ""):
                parent.drop_tag()
                count += 1
            parent = up
    return count


def _link_only(li) -> bool:
    text = "".join(li.itertext()).strip()
    linked = "".join("".join(a.itertext()) for a in li.iter("a")).strip()
    return bool(text) and len(linked) >= 0.9 * len(text)


def drop_link_lists(tree) -> int:
    """Remove lists whose every item is just a link: "more stories" lists inside article containers, which
    trafilatura keeps as text once the links are gone."""
    removed = 0
    for lst in tree.xpath("//ul[count(li) >= 2] | //ol[count(li) >= 2]"):
        items = lst.findall("li")
        if len(items) >= 2 and all(_link_only(li) for li in items) and lst.getparent() is not None:
            lst.drop_tree()
            removed += 1
    return removed


def _ancestors_within_p(el):
    for a in el.iterancestors():
        if a.tag == "p":
            return
        yield a


def _popups_in_paragraphs(tree) -> list:
    # iterated, not XPath: "//p//*" makes libxml2 sort and deduplicate, quadratic on pages of many paragraphs
    found = []
    for p in tree.iter("p"):
        for el in p.iterdescendants():
            cls = el.get("class")
            if cls and el.tag != "a" and _POPUP.search(cls):
                found.append(el)
    return found


def drop_popups(tree) -> int:
    """Remove hover cards nested in paragraphs (their text would run into the sentence around them): a popup
    inside a popup wrapper (the wrapper keeps the visible name), or a popup holding pictures or several links."""
    removed = 0
    for el in _popups_in_paragraphs(tree):
        if el.getparent() is None:
            continue
        if any(_POPUP.search(a.get("class") or "") for a in _ancestors_within_p(el)):
            el.drop_tree()
            removed += 1
    for el in _popups_in_paragraphs(tree):
        if el.getparent() is not None and (el.xpath(".//img") or len(el.xpath(".//a")) > 1):
            el.drop_tree()
            removed += 1
    return removed


# never article text, and trafilatura discards them anyway: dropping them first makes its many XPath passes
# over the tree cheaper (measured: about 15% of its time on aeb-dev, same output)
_FURNITURE = ("//script | //style | //noscript | //svg | //template | //iframe | //select | //button | //link"
              " | //meta | //head/*[not(self::title)] | //nav | //footer[not(ancestor::article)]"
              " | //aside[not(ancestor::article)] | //header[not(ancestor::article)][not(.//h1)]")


def drop_furniture(tree) -> int:
    """Remove scripts, styles, navigation and page footers (see _FURNITURE)."""
    removed = 0
    for el in tree.xpath(_FURNITURE):
        if el.getparent() is not None:
            el.drop_tree()
            removed += 1
    return removed


def fix_tree(tree) -> dict[str, int]:
    """Apply every fix in place; returns how often each applied (for tests and for tuning)."""
    return {"nested_articles": drop_nested_articles(tree), "split_bodies": merge_split_bodies(tree),
            "embeds": unwrap_embeds(tree), "popups": drop_popups(tree), "link_lists": drop_link_lists(tree),
            "furniture": drop_furniture(tree)}
