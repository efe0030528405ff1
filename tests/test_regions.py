"""Region mentions: gazetteer coverage and every context rule of SCHEMA.md (Region), on sentences written here."""
from __future__ import annotations

import pycountry
import pytest

from extractor.patterns import load_jsonl
from extractor.regions import SPANS_KEY, gazetteer, region_at


@pytest.fixture(scope="session")
def find(fast_extractor):
    def run(text: str, published: str | None = None) -> list[tuple[str, str]]:
        art = fast_extractor.extract_text(text, published=published)
        return [(r.text, r.code) for r in art.regions]
    return run


# -- names, abbreviations, demonyms --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Exports from the U.S., the UK and the UAE rose while S. Korea and Britain lagged.",
     [("U.S.", "US"), ("UK", "GB"), ("UAE", "AE"), ("S. Korea", "KR"), ("Britain", "GB")]),
    ("Talks between the European Union and the Philippines stalled.",
     [("European Union", "EU"), ("Philippines", "PH")]),
    ("Chinese exporters courted Japanese officials and Brazilian farmers.",
     [("Chinese", "CN"), ("Japanese", "JP"), ("Brazilian", "BR")]),
    ("Vietnam, Ivory Coast and Türkiye signed; so did North Korea and Bosnia.",
     [("Vietnam", "VN"), ("Ivory Coast", "CI"), ("Türkiye", "TR"), ("North Korea", "KP"), ("Bosnia", "BA")]),
    ("Shipments to the United\nStates fell.", [("United\nStates", "US")]),
    ("Americans bought more Swiss watches.", [("Americans", "US"), ("Swiss", "CH")]),
])
def test_names_abbreviations_and_demonyms(find, text, expected):
    assert find(text) == expected


def test_the_is_left_out_of_the_mention(find, fast_extractor):
    art = fast_extractor.extract_text("Exports to the Netherlands and the European Union rose.")
    assert [r.text for r in art.regions] == ["Netherlands", "European Union"]
    assert all(art.text[r.start:r.end] == r.text for r in art.regions)


# -- role words keep the mention, organisation names do not ---------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("U.S. President Donald Trump called EU Trade Commissioner Maros Sefcovic.", [("U.S.", "US"), ("EU", "EU")]),
    ("The talks were led by US Trade Representative Robert Lighthizer.", [("US", "US")]),
    ("Indian officials and the Canadian finance minister met.", [("Indian", "IN"), ("Canadian", "CA")]),
    ("The Bank of Japan and Statistics Canada released data.", []),
    ("The U.S. Commerce Department and the German Marshall Fund disagreed.", []),
    ("The US Trade Representative's Office said it would appeal.", []),
    ("Shares in British Airways and Singapore Airlines slipped.", []),
    ("A Chinese crude company, China National Petroleum, bid for the field.", [("Chinese", "CN")]),
    ("The Reserve Bank of Australia and the European Central Bank held rates.", []),
    ("Economists at the Australia and New Zealand Banking Group expect a cut.", []),
    ("The U.S. Administration imposed duties; the U.S. Federal Aviation Administration did not.", [("U.S.", "US")]),
    ("China's Commerce Ministry said exports rose.", [("China", "CN")]),
])
def test_roles_keep_and_organisations_drop(find, text, expected):
    assert find(text) == expected


# -- currencies -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("The Japanese yen fell against the U.S. dollar.", []),
    ("Exports were worth 15 mln U.S. dlrs, or 20 mln Canadian dlrs.", []),
    ("Australian and New Zealand dollars rose.", []),
    ("The Korean won weakened, but South Korea won the contract.", [("South Korea", "KR")]),
    ("The low value of the Canadian currency helped exporters.", [("Canadian", "CA")]),
    ("Most European currencies were steady.", [("European", "150")]),
])
def test_currency_names_are_not_mentions(find, text, expected):
    assert find(text) == expected


# -- capitals and seats -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Beijing retaliated with tariffs on soybeans.", [("Beijing", "CN")]),
    ("Tokyo shares rose to a three-month high.", []),
    ("An EU spokesman in Washington dismissed the claim.", [("EU", "EU")]),
    ("The Washington Post reported the deal.", []),
    ("Brussels said it would respond in kind.", [("Brussels", "EU")]),
    ("Tensions between Washington and Beijing eased.", [("Washington", "US"), ("Beijing", "CN")]),
    ("Analysts studied Beijing's response closely.", [("Beijing", "CN")]),
    ("The Seoul government cut tariffs.", [("Seoul", "KR")]),
    ("The plan drew pressure from Washington.", [("Washington", "US")]),
    ("Airlines added flights from Beijing to Paris.", []),
    ("The move drew scrutiny from Washington last week.", [("Washington", "US")]),
    ("Berlin is pushing Brussels to finish the talks.", [("Berlin", "DE"), ("Brussels", "EU")]),
    ("Washington-based analysts and London traders were calm.", []),
])
def test_seats_count_only_when_used_for_the_government(find, text, expected):
    assert find(text) == expected


def test_seats_that_always_mean_the_government(find):
    assert find("The Kremlin said White House officials misread it.") == [("Kremlin", "RU"), ("White House", "US")]


def test_states_that_no_longer_exist_keep_their_codes(find):
    assert find("The Soviet Union and Yugoslavia traded with East Germany and Czechoslovakia.") == [
        ("Soviet Union", "SU"), ("Yugoslavia", "YU"), ("East Germany", "DD"), ("Czechoslovakia", "CS")]
    # renamed states read as the state that exists now
    assert find("Burma and Zaire exported timber.") == [("Burma", "MM"), ("Zaire", "CD")]


def test_a_state_before_its_independence_is_the_state_it_was_part_of(find):
    text = "The Kremlin said Russian exports rose."
    assert find(text, published="1987-04-24") == [("Kremlin", "SU"), ("Russian", "SU")]
    assert find(text, published="2024-04-24") == [("Kremlin", "RU"), ("Russian", "RU")]
    assert find(text) == [("Kremlin", "RU"), ("Russian", "RU")]


# -- ambiguous words ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Tariffs hurt farmers, said Chad Bown, an economist.", []),
    ("Michael Jordan and Mr Jordan both declined to comment.", []),
    ("Jordan and Egypt signed a barter deal.", [("Jordan", "JO"), ("Egypt", "EG")]),
    ("Rebels were pushed out of northern Chad.", [("Chad", "TD")]),
    ("The governor of Georgia welcomed the battery plant.", []),
    ("Georgia and Armenia signed a transit deal.", [("Georgia", "GE"), ("Armenia", "AM")]),
    ("Turkey prices rose ahead of Thanksgiving.", []),
    ("Turkey raised tariffs on cars.", [("Turkey", "TR")]),
    ("Farmers raised more turkey this year.", []),
    ("Potash producers in New Mexico and Washington state complained.", []),
    ("Greater China revenue fell as ships crossed the South China Sea.", []),
    ("The Uruguay Round of trade talks began.", []),
])
def test_ambiguous_words_are_read_in_context(find, text, expected):
    assert find(text) == expected


# -- blocs and world regions ----------------------------------------------------------------------------------------------
def test_blocs_and_world_regions(find):
    text = ("ASEAN, the G7, OPEC+, Mercosur, the GCC, EFTA, APEC, BRICS, the G20 and NAFTA met while the euro zone, "
            "Southeast Asia, sub-Saharan Africa, the Middle East, Latin America, Eastern Europe, North American "
            "buyers and Asia-Pacific markets grew.")
    assert [c for _, c in find(text)] == [
        "ASEAN", "G7", "OPEC", "MERCOSUR", "GCC", "EFTA", "APEC", "BRICS", "G20", "USMCA",
        "EZ", "035", "202", "145", "419", "151", "021", "APAC"]


def test_europe_is_the_region_unless_the_eu_is_named(find):
    assert find("European products and the European Union's tariffs.") == [
        ("European", "150"), ("European Union", "EU")]
    assert find("The European Commission and the European Central Bank met.") == []


# -- tokens and spans --------------------------------------------------------------------------------------------------------
def test_dotted_abbreviations_split_from_hyphenated_words(find, fast_extractor):
    assert find("The U.S.-China trade war hurt U.S.-based firms and non-EU exporters.") == [
        ("U.S.", "US"), ("China", "CN"), ("U.S.", "US"), ("EU", "EU")]
    art = fast_extractor.extract_text("Despite the U.S.-Japan pact, exports fell 5%.")
    assert art.figures and art.figures[0].text == "5%"
    assert all(art.text[r.start:r.end] == r.text for r in art.regions)


def test_spans_are_ordered_non_overlapping_and_carry_pattern_ids(fast_extractor):
    doc = fast_extractor.nlp("Chinese exports to the United States, Japan and the EU rose; Beijing said so.")
    spans = list(doc.spans[SPANS_KEY])
    assert [s.label_ for s in spans] == ["CN", "US", "JP", "EU", "CN"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert [s.id_ for s in spans] == ["country-CN#demonyms", "country-US#names", "country-JP#names",
                                      "bloc-EU#names", "country-CN#seats"]
    ids = {e["id"] for e in load_jsonl("regions.jsonl")}
    assert all(s.id_.split("#")[0] in ids for s in spans)
    assert region_at(doc, spans[1].start).label_ == "US"
    assert region_at(doc, 1) is None


# -- the gazetteer ---------------------------------------------------------------------------------------------------------
def test_gazetteer_covers_every_iso_country_and_the_former_ones():
    g = gazetteer()
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in g]
    assert not missing
    for code in ("SU", "YU", "DD", "CS"):
        assert g[code].kind == "country"
    assert (g["US"].name, g["GB"].name, g["035"].name) == ("United States", "United Kingdom", "South-eastern Asia")
    assert {g[c].kind for c in ("EU", "EZ", "ASEAN", "G7", "G20", "OPEC", "MERCOSUR", "USMCA", "BRICS", "GCC",
                                 "EFTA", "APEC")} == {"bloc"}
    assert {g[c].kind for c in ("001", "002", "202", "419", "021", "142", "030", "035", "034", "145", "143",
                                 "150", "151", "155", "009", "APAC")} == {"region"}


def test_each_surface_form_belongs_to_one_code():
    owner = {}
    for e in load_jsonl("regions.jsonl"):
        for kind in ("names", "demonyms", "seats", "always_seats"):
            for form in e[kind]:
                assert owner.setdefault(form, e["code"]) == e["code"], form


def test_a_possessive_government_noun_outweighs_a_preposition(find):
    assert find("Investors hoped for a shift in Beijing's policy.") == [("Beijing", "CN")]
    assert find("Rents rose in London's financial district.") == []


def test_the_gulf_needs_its_article(find):
    assert find("Oil is central to the Gulf's economy.") == [("Gulf", "145")]
    assert find("Gulf Keystone drilled in the Gulf of Mexico.") == []


def test_a_seat_that_a_verb_acts_on_is_the_government(find):
    assert find("Bonn has never threatened Tokyo with sanctions.") == [("Bonn", "DE"), ("Tokyo", "JP")]
    assert find("One banker blamed Washington for the delay.") == [("Washington", "US")]
    assert find("Factories in the Far East cut prices.") == [("Far East", "030")]


def test_words_glued_by_a_scraper_are_taken_apart(find, fast_extractor):
    text = "A deal with theUnited Kingdomon Thursday; Pakistanaccused India; the U.S.trade gap; asChina said."
    assert find(text) == [("United Kingdom", "GB"), ("Pakistan", "PK"), ("India", "IN"), ("U.S.", "US"),
                          ("China", "CN")]
    art = fast_extractor.extract_text(text)
    assert all(art.text[r.start:r.end] == r.text for r in art.regions)
    # real words that begin with a region word stay whole
    assert find("Indianapolis, Chinatown and AirAsia grew; Polished stones sold.") == []


def test_capitals_are_mentions_except_in_a_dateline(find):
    text = "HONG KONG, March 19 - Trade grew.\nJAPAN The Bank of Japan meets. LATIN AMERICA Rates rise."
    assert find(text) == [("JAPAN", "JP"), ("LATIN AMERICA", "419")]
    assert find("SINGAPORE, April 13 - Exports rose.") == []


def test_ec_is_the_community_in_its_era_and_the_commission_after(find):
    text = "The EC said farm exports rose."
    assert find(text, published="1987-03-05") == [("EC", "EU")]
    assert find(text, published="2004-11-05") == []
    assert find("The European Commission (EC) fined the firm.") == []
    assert find("The European Community grew. The EC said so.") == [("European Community", "EU"), ("EC", "EU")]


def test_airlines_straits_and_the_indo_pacific(find):
    assert find("China Eastern and the Emirates airline flew over the Taiwan Strait.") == []
    assert find("Allies in the Indo-Pacific met.") == [("Indo-Pacific", "APAC")]


def test_for_names_an_organisation_too(find):
    assert find("The Economic Commission for Latin America and the Centre for European Reform agreed.") == []
    assert find("Exports for Latin America rose.") == [("Latin America", "419")]


def test_a_seat_compound_is_a_place_whatever_precedes(find):
    assert find("The airline was founded by London-based investors.") == []
    assert find("Talks with Beijing Mayor Chen were cancelled.") == []


def test_a_doc_of_another_vocab_gets_the_same_spans(fast_extractor):
    # the component reads lexeme flags that it adds to its own vocab: a doc made elsewhere must get them too
    import spacy

    from extractor.sentences import mark_sentences
    text = ("Beijing retaliated after theUnited Kingdomon Thursday sold U.S. dlrs to the United\nStates and "
            "Chinese firms.")
    doc = mark_sentences(spacy.blank("en")(text))
    doc = dict(fast_extractor.nlp.pipeline)["newsfacts_regions"](doc)
    got = [(s.text, s.label_, s.id_) for s in doc.spans[SPANS_KEY]]
    art = fast_extractor.extract_text(text)
    assert got == [(r.text, r.code, r.pattern_id) for r in art.regions]
    assert [c for _, c, _ in got] == ["CN", "GB", "US", "CN"]


def test_a_flag_bit_that_other_code_takes_over_is_added_again():
    import spacy

    from extractor import sentences  # noqa: F401  (registers newsfacts_sentences)
    nlp = spacy.blank("en")
    nlp.add_pipe("newsfacts_sentences")
    matcher = nlp.add_pipe("newsfacts_regions")
    nlp.vocab.add_flag(lambda text: False, matcher.flag)  # another component claims the same bit
    doc = nlp("Beijing retaliated.")
    assert [(s.text, s.label_) for s in doc.spans[SPANS_KEY]] == [("Beijing", "CN")]
