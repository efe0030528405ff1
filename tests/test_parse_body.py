"""Main text: trafilatura plus the tree fixes and line cleanup, and when JSON-LD articleBody is used."""
from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from extractor.parse import parse_html
from extractor.parse.body import choose, complete_body, jsonld_body_text
from extractor.parse.boilerplate import clean_lines, furniture_rule
from extractor.parse.tree_fixes import fix_tree

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def text_of(name: str) -> str:
    return parse_html((PAGES / name).read_bytes(), Path(name).stem).text


def test_split_body_is_merged_and_teasers_popups_dropped():
    text = text_of("split_body.html")
    lines = text.split("\n")
    assert lines[0].startswith("Small exporters spend far more time")  # headline not repeated in the body
    # the second chunk (after the ad) is there, in order
    assert text.index("six working days") < text.index("Digital certificates could halve")
    assert lines[-1] == "Business groups want the scheme extended to every partner country before the end of next year."
    # the embedded post in its "social" wrapper is part of the story
    assert "Six days a month on forms is a tax on ambition" in text
    # the hover card's headlines do not run into the sentence
    assert "The survey's authors said Ines Varga had raised the issue with ministers last year." in lines
    assert "single window" not in text
    # nested <article> teasers are related stories, not this one
    assert "Freight costs ease" not in text and "Spot rates for containers" not in text
    assert "Advertisement" not in text


def test_fix_tree_counts_what_it_changed():
    tree = lxml_html.fromstring((PAGES / "split_body.html").read_bytes())
    done = fix_tree(tree)
    assert done["split_bodies"] == 1 and done["nested_articles"] == 2 and done["embeds"] == 1
    assert done["popups"] == 1
    tree = lxml_html.fromstring((PAGES / "og_only.html").read_bytes())
    assert fix_tree(tree)["link_lists"] == 1  # the related-stories list of bare links
    assert not tree.xpath("//a[@href='/rail']")


def test_any_form_of_the_headline_is_dropped_from_the_first_line():
    page = ("<html><head><title>Steel quota filled early - Metals Daily</title>"
            "<meta property='og:title' content='Steel import quota filled in two weeks'></head><body><article>"
            "<p>Steel quota filled early</p>" + "<p>The annual quota for duty-free steel imports was filled in "
            "two weeks, the customs agency said, leaving later shipments to pay the full tariff.</p>" * 3 +
            "</article></body></html>")
    text = parse_html(page, "s1").text
    assert text.startswith("The annual quota for duty-free steel imports")


def test_boilerplate_lines_removed_from_opengraph_page():
    text = text_of("og_only.html")
    assert text.split("\n") == [
        "Grain exporters in the western provinces are looking at southern ports as rail freight costs climb for a "
        "second season.",
        "Wheat shipments through the northern corridor fell by 8 percent in the crop year to July, according to "
        "the growers' association.",
        "\"We cannot keep paying these rates and stay competitive abroad,\" said association chair Ruth Bergstrom.",
    ]


def test_rules_spare_real_paragraphs():
    assert furniture_rule("Related: Rail freight rates reach a five-year high") == "related-prefix"
    assert furniture_rule("Related parties must disclose their holdings under the new rules, the regulator "
                          "said on Monday in a statement.") is None
    assert furniture_rule("Sign up for our daily markets newsletter") == "newsletter"
    long_line = ("Exporters said they would sign up to the scheme if the ministry " + "cut the fees further " * 10)
    assert furniture_rule(long_line) is None  # over the rule's max_words
    kept = clean_lines("Tags matter to the customs officers who classify goods at the border.\nTags\ngrain")
    assert kept == "Tags matter to the customs officers who classify goods at the border."


def test_truncated_jsonld_body_loses_to_the_page():
    text = text_of("truncated_jsonld.html")
    assert text.endswith("lock in supplies for the first quarter.")
    assert "showed on..." not in text and "customs figures showed on Friday." in text


def test_complete_jsonld_body_used_when_the_page_renders_by_script():
    text = text_of("script_rendered.html")
    assert text.split("\n")[0] == ("The government has delayed its review of steel tariffs for a second time, "
                                   "officials said on Thursday.")
    assert "<p>" not in text and "&lt;" not in text and "Loading the story" not in text
    assert len(text.split("\n")) == 3


def test_jsonld_body_helpers():
    assert jsonld_body_text("<p>One &amp; two.</p><p>Three.</p>") == "One & two.\nThree."
    teaser = "Exports rose in May. " * 3 + "..."
    assert not complete_body(teaser, "")
    full = "Exports rose in May from a year earlier as demand picked up. " * 6
    assert complete_body(full, full)
    page_text = full.strip() + "\nShare this article on social media"
    # a complete JSON-LD body drops the page line it does not contain
    assert choose(page_text, full.strip()) == full.strip()


def test_pages_too_small_for_trafilatura_keep_their_paragraphs():
    page = ("<html><head><title>Soy trade</title></head><body><nav>Menu</nav>"
            "<p>Brazil shipped 3 million tonnes of soybeans to China in June.</p><p>Prices held.</p></body></html>")
    assert parse_html(page, "s").text == "Brazil shipped 3 million tonnes of soybeans to China in June.\nPrices held."
    assert parse_html("<p>A fragment, not a page.</p>", "f").text == "A fragment, not a page."


def test_binary_input_gives_no_text_rather_than_garbage():
    assert parse_html(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00<< /Type /Catalog >>", "pdf").text == ""
    assert parse_html(b"", "empty").text == ""
