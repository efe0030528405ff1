"""Speaker reading by rule (extractor/speakers.py): names, roles, organisations, resolution, generic sources.

No model is loaded here: these are the rules the fast mode relies on too.
"""
from __future__ import annotations

import pytest

from extractor.speakers import Context, Speaker, read_source, statement_from, spokesperson_for


def read(phrase: str, text: str | None = None, regions=(), speakers=()):
    text = text if text is not None else phrase
    start = text.index(phrase)
    ctx = Context(text, list(regions), list(speakers))
    return read_source(text, start, start + len(phrase), ctx)


@pytest.mark.parametrize("phrase, name, title, org", [
    ("ING economist Lin Song", "Lin Song", "economist", "ING"),
    ("Lin Song, Chief Economist for Greater China at ING Bank", "Lin Song", "Chief Economist for Greater China",
     "ING Bank"),
    ("Marta Ruiz, an analyst at Solent Partners", "Marta Ruiz", "analyst", "Solent Partners"),
    ("Senior Airbus vice-president Katherine Bennett", "Katherine Bennett", "Senior vice-president", "Airbus"),
    ("Finance and Planning Minister Olu Adeyemi", "Olu Adeyemi", "Finance and Planning Minister", None),
    ("Pieter de Vries, managing director of shipping consultancy Harbourline", "Pieter de Vries",
     "managing director", "Harbourline"),
    ("Bank of Korea governor Min-jun Park", "Min-jun Park", "governor", "Bank of Korea"),
    ("Kofi Mensah of the Accra Cocoa Board", "Kofi Mensah", None, "Accra Cocoa Board"),
])
def test_roles_and_organisations_from_premodifiers_and_appositives(phrase, name, title, org):
    sp = read(phrase)
    assert (sp.name, sp.kind, sp.title, sp.organization) == (name, "person", title, org)
    # the mention is the name itself, inside the phrase
    assert phrase[sp.start:sp.end] == name


def test_a_country_before_a_role_stays_in_the_role_and_a_bloc_becomes_the_organisation():
    text = "U.S. trade envoy Dana Whitfield and EU trade commissioner Lars Holm"
    us = (0, 4, "United States", "country")
    eu = (text.index("EU"), text.index("EU") + 2, "European Union", "bloc")
    a = read("U.S. trade envoy Dana Whitfield", text, [us, eu])
    b = read("EU trade commissioner Lars Holm", text, [us, eu])
    assert (a.title, a.organization) == ("U.S. trade envoy", None)
    assert (b.title, b.organization) == ("trade commissioner", "EU")


@pytest.mark.parametrize("phrase", ["analysts", "Analysts", "a trade official", "customs data", "a Reuters poll",
                                    "industry sources", "Local press", "economists at the bank"])
def test_generic_and_data_sources_name_nobody(phrase):
    assert read(phrase) is None


def test_organisations_and_governments_speak():
    assert read("Boeing") == Speaker("Boeing", "organization", 0, 6)
    text = "Beijing"
    sp = read("Beijing", text, [(0, 7, "China", "country")])
    assert (sp.name, sp.kind) == ("China", "organization")
    sp = read("the Federal Statistics Office")
    assert (sp.name, sp.kind) == ("Federal Statistics Office", "organization")


def test_surnames_and_honorifics_resolve_to_the_full_name_given_earlier():
    text = "EU negotiator Michel Barnier met ministers. Later Mr Barnier said talks would go on."
    sp = read("Mr Barnier", text)
    assert sp.name == "Michel Barnier"
    assert text[sp.start:sp.end] == "Barnier"


def test_pronouns_resolve_to_the_last_person_who_spoke():
    text = "Lin Song spoke first. She noted that demand was weak."
    earlier = Speaker("Lin Song", "person", 0, 8, "economist", "ING")
    sp = read("She", text, speakers=[earlier])
    assert (sp.name, sp.title, sp.organization, sp.pronoun) == ("Lin Song", "economist", "ING", True)
    assert text[sp.start:sp.end] == "She"


def test_it_resolves_to_the_last_organisation_that_spoke():
    text = "Vantor Motors cut output. It said demand was weak."
    earlier = Speaker("Vantor Motors", "organization", 0, 13)
    sp = read("It", text, speakers=[earlier])
    assert (sp.name, sp.kind) == ("Vantor Motors", "organization")


def test_statements_and_spokespeople_speak_for_their_organisation():
    text = "the statement from Kestrel Aerospace"
    sp = statement_from(text, 0, len(text), Context(text, []))
    assert sp.name == "Kestrel Aerospace"
    text = "A spokesperson for Vienna-based Orbis Group"
    sp = spokesperson_for(text, 0, len(text), Context(text, []))
    assert (sp.name, sp.kind, sp.title) == ("Orbis Group", "organization", "spokesperson")


def test_a_title_case_headline_names_no_person(accurate_extractor):
    text = ("Gold Star Mom Corners Obama on Terror Label\n\n"
            "Obama spoke at a town hall on Wednesday. Obama said that the label does not matter.")
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.speaker, q.text) == ("Obama", "the label does not matter")


def speakers_of(extractor, text: str) -> list[tuple]:
    """(speaker, speaker_type, title) of each quote extracted from text"""
    return [(q.speaker, q.speaker_type, q.title) for q in extractor.extract_text(text).quotes]

def test_a_surname_an_earlier_quote_made_a_person_stays_that_person(accurate_extractor):
    text = ("President Reagan said he hoped the sanctions would be lifted soon. "
            "Reagan said the decision sent a message to Tokyo.")
    assert speakers_of(accurate_extractor, text) == [("Reagan", "person", "President")] * 2
    # a lone capitalised name no one introduced as a person stays an organisation
    assert speakers_of(accurate_extractor, "Boeing said the decision sent a message to Tokyo.") == [
        ("Boeing", "organization", None)]


@pytest.mark.parametrize("text, speaker, kind, title, org", [
    ("The Bank of Japan said the deficit was too large.", "Bank of Japan", "organization", None, None),
    ("The Reserve Bank of India said the deficit was too large.", "Reserve Bank of India", "organization", None,
     None),
    ("Secretary of Commerce Malcolm Baldrige said the deficit was too large.", "Malcolm Baldrige", "person",
     "Secretary of Commerce", None),
    ("U.S. Under-Secretary of State for Economic Affairs Allen Wallis told reporters that the talks would go on.",
     "Allen Wallis", "person", "Under-Secretary of State for Economic Affairs", None),
    ("Bob Edgar of the Australia and New Zealand Banking Group Ltd said the deficit was too large.", "Bob Edgar",
     "person", None, "Australia and New Zealand Banking Group Ltd"),
])
def test_names_run_over_of_in_organisations_and_roles(text, speaker, kind, title, org, accurate_extractor):
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.speaker, q.speaker_type, q.title, q.organization) == (speaker, kind, title, org)


def test_a_middle_initial_stays_in_the_name_after_a_role_of_a_portfolio(accurate_extractor):
    (q,) = accurate_extractor.extract_text("Secretary of State John F. Kerry said the talks would go on.").quotes
    assert (q.speaker, q.title) == ("John F. Kerry", "Secretary of State")


def test_a_name_never_runs_over_a_sentence_end_and_keeps_its_middle_initial():
    text = ("Scott campaigned at the Northern Virginia Urban League. Scott joked about it. Secretary of State "
            "John F. Kerry spoke, as did Sens. Jon Tester and Martin Luther King Jr. long ago.")
    people = Context(text, []).people()
    assert "John F. Kerry" in people and "Jon Tester" in people and "Martin Luther King Jr." in people
    assert not any("League" in name or "Sens" in name for name in people)


def test_he_after_a_spokesman_for_a_body_is_that_body_speaking(accurate_extractor):
    text = ("Exports rose 5% in March, a spokeswoman for the Federal Statistics Office said. "
            "The trade surplus widened to 10.4 billion marks, she added.")
    assert speakers_of(accurate_extractor, text) == [("Federal Statistics Office", "organization", "spokeswoman")] * 2


def test_an_mp_of_a_party_is_a_person_with_the_party_as_organisation(accurate_extractor):
    text = "Democratic Unionist Party (DUP) MP Ian Paisley said the backlog of orders was huge."
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.speaker, q.speaker_type, q.title, q.organization) == ("Ian Paisley", "person", "MP",
                                                                    "Democratic Unionist Party")


@pytest.mark.parametrize("text, title, org", [
    ("White House spokesman Marlin Fitzwater said the talks would go on.", "spokesman", "White House"),
    ("South Korean Trade Minister Rha Woong Bae said the talks would go on.", "South Korean Trade Minister", None),
    ("EU's chief Brexit negotiator Michel Barnier said the talks would go on.", "chief Brexit negotiator", "EU"),
    ("Federal Reserve Board Vice Chairman Manuel Johnson said the talks would go on.", "Vice Chairman",
     "Federal Reserve Board"),
])
def test_roles_keep_a_whole_country_mention_and_bodies_keep_their_whole_name(text, title, org, accurate_extractor):
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.title, q.organization) == (title, org)


@pytest.mark.parametrize("text, speaker, title, org", [
    ("WASHINGTON, March 5 - Federal Reserve Board Vice Chairman\nManuel Johnson said that the talks would go on.",
     "Manuel Johnson", "Vice Chairman", "Federal Reserve Board"),
    ("LONDON, March 17 - Chancellor of the Exchequer Nigel Lawson said the talks would go on.", "Nigel Lawson",
     "Chancellor of the Exchequer", None),
    ("LONDON, May 9 (Reuters) - Bank of England Governor Andrew Bailey said the deal was good news for Britain.",
     "Andrew Bailey", "Governor", "Bank of England"),
    ("The Governor of the Bank of Japan Yasushi Mieno said rates would stay low.", "Yasushi Mieno",
     "Governor of the Bank of Japan", None),
])
def test_wire_datelines_and_roles_of_a_body_stay_out_of_names(text, speaker, title, org, accurate_extractor):
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.speaker, q.title, q.organization) == (speaker, title, org)


@pytest.mark.parametrize("text, speaker", [
    ("The U.S. Chamber of Commerce wrote a memo. In its memo, the Chamber said the council should meet often.",
     "U.S. Chamber of Commerce"),
    ("The Bank of England held rates. In a report, the Bank said that rates had peaked.", "Bank of England"),
    ("Failing to act, the US Trade Representative's Office said the rules hurt exporters.",
     "US Trade Representative's Office"),
    ("Airbus was fined. The WTO said the subsidies were illegal.", "WTO"),
])
def test_the_bank_is_the_bank_named_before_and_an_office_keeps_its_owner(text, speaker, accurate_extractor):
    (q,) = accurate_extractor.extract_text(text).quotes
    assert (q.speaker, q.speaker_type) == (speaker, "organization")
