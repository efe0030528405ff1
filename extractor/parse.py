"""HTML to article: metadata and main text. (v1: title and visible paragraphs; the scraper issue extends this.)"""
from __future__ import annotations

from bs4 import BeautifulSoup

from extractor.models import Article


def parse_html(html: bytes | str, article_id: str, url: str | None = None) -> Article:
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    paras = [p.get_text(" ", strip=True) for p in soup.find_all("p")]
    text = "\n".join(p for p in paras if p) or soup.get_text("\n", strip=True)
    return Article(id=article_id, url=url, title=title, text=text)
