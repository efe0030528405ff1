"""Metadata from pages written for these tests: JSON-LD with @graph, OpenGraph only, <time> only."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.parse import parse_page
from extractor.parse.dates import iso_date
from extractor.parse.jsonld import article_node, jsonld_nodes
from extractor.parse.metadata import read_metadata

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def page(name: str, **kw):
    return parse_page((PAGES / name).read_bytes(), Path(name).stem, **kw)


def test_jsonld_graph_article_wins_over_webpage_and_opengraph():
    p = page("graph_article.html", url="https://ledger.example/markets/2024/03/cranes-idle?utm_source=x")
    a, m = p.article, p.meta
    # the NewsArticle inside @graph, not the WebPage beside it (whose date is 2020) nor og:title
    assert a.title == "Harbour cranes idle as export orders slow & stocks pile up"
    assert a.published == "2024-03-05T08:30:00+01:00"
    assert m.modified == "2024-03-05T10:00:00+01:00"
    assert m.authors == ["Mara Lindqvist", "Tomas Ruiz"]  # "By " dropped
    assert a.publisher == "Harbour Ledger"
    assert m.language == "en-GB"
    # relative rel=canonical resolved against the page URL; the Article keeps the URL it was given
    assert m.canonical_url == "https://ledger.example/markets/2024/03/cranes-idle"
    assert a.url == "https://ledger.example/markets/2024/03/cranes-idle?utm_source=x"


def test_opengraph_only_page():
    p = page("og_only.html")
    a, m = p.article, p.meta
    assert a.title == "Grain exporters eye new routes"  # the site name after " - " dropped
    assert a.published == "2023-09-14T06:15:00+00:00"
    assert a.url == "https://prairiewire.example/grain/new-routes"  # og:url, utm_source stripped
    assert a.publisher == "Prairie Wire"
    assert m.authors == ["Jane Okafor", "Luis Herrera"]
    assert m.language == "en-US"
    assert m.description == "Exporters look beyond their usual ports as rail costs climb."


def test_time_element_title_and_byline_from_the_page_itself():
    p = page("time_only.html", url="https://coastline.example/news/port-volumes")
    a, m = p.article, p.meta
    assert a.published == "2023-11-02T09:45:00-05:00"
    assert a.title == "Port volumes climb in October"
    assert m.authors == ["Ada Moreau"]
    assert a.url == "https://coastline.example/news/port-volumes"  # no canonical: the URL given


def test_broken_jsonld_is_read_leniently():
    html = ('<html><head><script type="application/ld+json"><!--\n{"@type": "NewsArticle", "headline": "Line\n'
            'break", "datePublished": "2021-02-03",}\n--></script></head><body><p>x</p></body></html>')
    node = article_node(jsonld_nodes(html))
    assert node["headline"] == "Line\nbreak" and node["datePublished"] == "2021-02-03"
    assert read_metadata(html).published == "2021-02-03"


def test_unparseable_jsonld_is_ignored_not_fatal():
    html = ('<html><head><title>Plain title</title><script type="application/ld+json">{not json at all'
            '</script></head><body><p>x</p></body></html>')
    m = read_metadata(html)
    assert m.title == "Plain title" and m.published is None


@pytest.mark.parametrize("raw, expected", [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T08:30:00Z", "2024-03-05T08:30:00+00:00"),
    ("2024-03-05T08:30:00+0100", "2024-03-05T08:30:00+01:00"),
    ("Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00+00:00"),
    ("March 5, 2024", "2024-03-05"),
    ("20240305", "2024-03-05"),
    ("Copyright 2024", None),   # a year alone is no publication date
    ("2024-02-30", None),       # no such day
    ("0001-01-01T00:00:00", None),  # placeholder dates of CMSs
    ("", None),
])
def test_dates_normalised_to_iso(raw, expected):
    assert iso_date(raw) == expected


def test_bylines_become_names():
    html = ('<html><head><meta name="author" content="By MEG KINNARD and ERRIN HAINES, Associated Press">'
            '<meta property="og:site_name" content="Wire"></head><body><p>x</p></body></html>')
    assert read_metadata(html).authors == ["Meg Kinnard", "Errin Haines"]


def test_date_found_by_htmldate_when_no_markup_names_it():
    html = ('<html><head><title>Rates</title></head><body><div class="meta">Posted 2023-04-11</div>'
            '<p>Rates were held.</p></body></html>')
    assert read_metadata(html, url="https://example.org/news/rates").published == "2023-04-11"
