"""The main text of a page: trafilatura on the page's lxml tree, then line cleanup, with JSON-LD `articleBody`
taking over where it is complete and trafilatura found less.

Settings were chosen by measurement on ../shared/eval/aeb-dev (see docs/parse.md and benchmarks/parse.py):
`favor_precision` and no comments beat trafilatura's defaults there; cleanup of boilerplate lines
(`boilerplate.py`) then removes what trafilatura keeps from headers, promos and related-link lists.

Example:
    >>> page = "<html><body><article><h1>Exports rise</h1><p>" + "Exports rose 5% in May from a year earlier. " * 6
    >>> page += "</p><p>Sign up for our newsletter</p></article></body></html>"
    >>> extract_body(page, title="Exports rise").startswith("Exports rose 5%")
    True
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from extractor.parse.boilerplate import clean_lines
from extractor.parse.metadata import lxml_tree  # noqa: F401  (re-exported for the example above)
from extractor.parse.tree_fixes import fix_tree

_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|ul|ol|blockquote|section|figure|table|tr)\b[^>]*>", re.I)
_BLANKS = re.compile(r"\n\s*\n+")
_TRUNCATED = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|Read more|Continue reading)\s*$", re.I)

FULL_CASCADE_BELOW = 1000  # characters: see extract_body

# what trafilatura is asked for: chosen on aeb-dev (F1 0.964 vs 0.951 for the defaults)
TRAFILATURA_OPTIONS = dict(include_comments=False, favor_precision=True, include_tables=True,
                           include_images=False, include_links=False, deduplicate=False)


def _trafilatura(tree, url: Optional[str], **overrides) -> str:
    import trafilatura
    options = {**TRAFILATURA_OPTIONS, **overrides}
    return trafilatura.extract(tree, url=url, **options) or ""


def jsonld_body_text(body: Optional[str]) -> str:
    """JSON-LD articleBody as plain text: publishers put HTML in it, entity-escaped or not.

    >>> jsonld_body_text("<p>One &amp; two.</p><p>Three.</p>")
    'One & two.\\nThree.'
    """
    import html
    if not body:
        return ""
    text = html.unescape(body) if "&lt;" in body or "&amp;" in body or "&#" in body else body
    if _TAG.search(text):
        text = _BLOCK_TAG.sub("\n", text)
        text = html.unescape(_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1)) if words[i:i + n]}


def _covered(part: str, whole: set) -> float:
    grams = _shingles(part)
    return len(grams & whole) / len(grams) if grams else 1.0


def complete_body(jsonld: str, extracted: str) -> bool:
    """Whether a JSON-LD articleBody is the whole article rather than a teaser (many sites cut it at ~500
    characters): not ending in an ellipsis, and not much shorter than what the page itself shows."""
    words = len(_WORD.findall(jsonld))
    if words < 30 or _TRUNCATED.search(jsonld):
        return False
    return words >= 0.8 * len(_WORD.findall(extracted))


def choose(extracted: str, jsonld: str) -> str:
    """The body: trafilatura's text unless a complete JSON-LD body shows it missed much of the article; where
    both are there, trafilatura's lines that the JSON-LD body does not contain are dropped (page furniture)."""
    if not jsonld or not complete_body(jsonld, extracted):
        return extracted
    body_grams = _shingles(jsonld)
    if not extracted or _covered(jsonld, _shingles(extracted)) < 0.8:
        return jsonld
    kept = [line for line in extracted.split("\n") if _covered(line, body_grams) >= 0.5]
    return "\n".join(kept) if kept else extracted


def _extract(tree, url: Optional[str], fast: bool) -> str:
    fix_tree(tree)
    return _trafilatura(tree, url, fast=fast)


def extract_body(page: str, tree=None, url: Optional[str] = None, title: Optional[str] = None,
                 description: Optional[str] = None, jsonld_body: Optional[str] = None,
                 headlines: Iterable[str] = ()) -> str:
    """Main text of a decoded page; `tree` is its lxml tree if the caller has one (it is changed in place, so
    read metadata first).

    trafilatura runs first without its fallback extractors (readability, jusText), which on aeb-dev changed
    the result only where the main extractor found less than FULL_CASCADE_BELOW characters; only then does
    the full cascade run, on a fresh tree. That keeps parsing faster than trafilatura's defaults.
    """
    if tree is None:
        tree = lxml_tree(page)
    text = _extract(tree, url, fast=True) if tree is not None else ""
    if len(text) < FULL_CASCADE_BELOW:
        fresh = lxml_tree(page)
        if fresh is not None:
            text = _extract(fresh, url, fast=False) or text
    text = clean_lines(text, title=title, description=description, headlines=headlines)
    text = choose(text, jsonld_body_text(jsonld_body)).strip()
    return text or plain_paragraphs(page)


def plain_paragraphs(page: str) -> str:
    """The text of a page too small for trafilatura (a fragment, a two-paragraph test page): its paragraphs,
    else its visible text, without scripts, styles, navigation and page headers and footers.

    >>> plain_paragraphs("<html><body><nav>Menu</nav><p>Exports rose 4%.</p><p>Imports fell.</p></body></html>")
    'Exports rose 4%.\\nImports fell.'
    """
    tree = None
    if "<" in page and "\x00" not in page:
        tree = lxml_tree(page)
        if tree is None:  # trafilatura's loader refuses fragments; lxml itself takes them
            from lxml import html as lxml_html
            try:
                tree = lxml_html.fromstring(f"<div>{page}</div>")
            except (ValueError, TypeError):
                tree = None
    if tree is None:
        return " ".join(page.split()) if page.strip() and "<" not in page and "\x00" not in page else ""
    for el in tree.xpath("//script | //style | //noscript | //template | //svg | //nav | //header | //footer"
                         " | //aside | //form | //head"):
        if el.getparent() is not None:
            el.drop_tree()
    blocks = [" ".join(p.text_content().split()) for p in tree.iter("p", "h2", "h3", "li", "blockquote")]
    blocks = [b for b in blocks if b]
    if not blocks:
        blocks = [" ".join(line.split()) for line in tree.text_content().split("\n")]
    return "\n".join(b for b in blocks if b)
