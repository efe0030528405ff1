"""Quotes through the whole pipeline (extractor/quotes.py): every case of issue 4, on sentences written for these
tests, in the accurate mode (parser on selected sentences) and, where rules suffice, the fast mode.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.quote_marks import find_quotes


@pytest.fixture(params=["fast", "accurate"])
def either(request, fast_extractor, accurate_extractor):
    """each test that takes it runs in both modes"""
    return fast_extractor if request.param == "fast" else accurate_extractor


def quotes_of(extractor, text: str) -> list:
    article = extractor.extract_text(text)
    for q in article.quotes:
        assert text[q.start:q.end] == q.text  # offsets always slice the article to the record
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    return article.quotes


def only(quotes):
    assert len(quotes) == 1, [(q.text, q.speaker) for q in quotes]
    return quotes[0]


@pytest.mark.parametrize("mode", ["fast", "accurate"])
def test_direct_quote_in_straight_marks_with_premodified_speaker(mode, fast_extractor, accurate_extractor):
    ex = fast_extractor if mode == "fast" else accurate_extractor
    text = '"Exports will recover next year," said ING economist Lin Song.'
    q = only(quotes_of(ex, text))
    assert (q.text, q.kind, q.speaker, q.speaker_type, q.title, q.organization, q.cue) == \
        ("Exports will recover next year", "direct", "Lin Song", "person", "economist", "ING", "said")
    assert text[q.speaker_start:q.speaker_end] == "Lin Song"
    assert q.pattern_id.startswith("direct")


def test_direct_quote_in_curly_marks_with_pronoun_resolved(accurate_extractor):
    text = ("Maria Okafor, chief economist at Lagos Trust Bank, expects a weaker naira. "
            "“Demand for dollars is still far above supply,” she said.")
    q = only(quotes_of(accurate_extractor, text))
    assert q.text == "Demand for dollars is still far above supply"
    assert (q.speaker, q.title, q.organization) == ("Maria Okafor", "chief economist", "Lagos Trust Bank")
    assert text[q.speaker_start:q.speaker_end] == "she"


def test_quote_across_sentences_and_its_continuation(accurate_extractor):
    text = ('Hiroshi Tanaka runs Kobe Steelworks. "Orders fell in March. We expect a rebound," Mr Tanaka said. '
            '"Prices are already firming."')
    qs = quotes_of(accurate_extractor, text)
    assert [q.text for q in qs] == ["Orders fell in March. We expect a rebound", "Prices are already firming."]
    assert {q.speaker for q in qs} == {"Hiroshi Tanaka"}


def test_quote_across_paragraphs_runs_on_until_its_closing_mark(accurate_extractor):
    text = ('"We have cut costs for two years.\n\n"Now we need the volumes back," said Hana Novak, '
            'chief executive of Brno Glassworks.')
    q = only(quotes_of(accurate_extractor, text))
    assert q.text.startswith("We have cut costs") and q.text.endswith("volumes back")
    assert (q.speaker, q.title, q.organization) == ("Hana Novak", "chief executive", "Brno Glassworks")


def test_split_quote_is_one_quote(accurate_extractor):
    text = '"Tariffs hurt everyone," Elena Rossi said, "and farmers most of all."'
    q = only(quotes_of(accurate_extractor, text))
    assert q.text == 'Tariffs hurt everyone," Elena Rossi said, "and farmers most of all.'
    assert q.speaker == "Elena Rossi"


def test_paragraph_opening_quote_whose_speaker_follows(accurate_extractor):
    text = ("Airbus lost the first round.\n\n"
            '"We will appeal the ruling and we expect to win," said Airbus spokesman Pierre Dubois.')
    q = only(quotes_of(accurate_extractor, text))
    assert q.text == "We will appeal the ruling and we expect to win"
    assert (q.speaker, q.title, q.organization) == ("Pierre Dubois", "spokesman", "Airbus")


def test_mixed_quote_is_the_whole_reported_clause(accurate_extractor):
    text = 'Trade minister Ana Lopez said the deal was "a turning point" for exporters.'
    q = only(quotes_of(accurate_extractor, text))
    assert q.kind == "mixed"
    assert q.text == 'the deal was "a turning point" for exporters'
    assert (q.speaker, q.title) == ("Ana Lopez", "Trade minister")


@pytest.mark.parametrize("text, content, cue, speaker, title", [
    ("Mark Hale, an analyst at Veritas Research, said that shipments would slow in the second half.",
     "shipments would slow in the second half", "said", "Mark Hale", "analyst"),
    ("Deputy finance minister Tomas Berg warned that inflation could return next year.",
     "inflation could return next year", "warned", "Tomas Berg", "Deputy finance minister"),
    ("Ruth Adler, an economist at Helix Bank, highlighted the strength of services exports.",
     "the strength of services exports", "highlighted", "Ruth Adler", "economist"),
    ("Shipments to Europe will slow sharply this winter, Mark Hale said.",
     "Shipments to Europe will slow sharply this winter", "said", "Mark Hale", None),
])
def test_indirect_speech(text, content, cue, speaker, title, accurate_extractor):
    q = only(quotes_of(accurate_extractor, text))
    assert (q.kind, q.text, q.cue, q.speaker, q.title) == ("indirect", content, cue, speaker, title)


def test_according_to_before_and_after(accurate_extractor):
    text = ("According to Sarah Kim, head of research at Northbridge Capital, margins will shrink this year. "
            "Freight rates doubled in May, according to Baltic Logistics.")
    a, b = quotes_of(accurate_extractor, text)
    assert (a.text, a.speaker, a.title, a.organization, a.cue) == \
        ("margins will shrink this year", "Sarah Kim", "head of research", "Northbridge Capital", "according to")
    assert (b.text, b.speaker, b.speaker_type) == ("Freight rates doubled in May", "Baltic Logistics",
                                                   "organization")


@pytest.mark.parametrize("text", [
    "A Boeing spokesman declined to comment on the talks.",
    "The ministry did not say whether the tariffs would stay in place.",
    "Analysts said the surplus would narrow next year.",
    "A trade official said talks would continue next week.",
    "Customs data showed exports rose 4% in May.",
    "Exports rose 4% in May, according to a Reuters poll of economists.",
    "Experts have long argued that tariffs raise prices.",
])
def test_negated_cues_generic_sources_and_data_are_not_quotes(text, accurate_extractor):
    assert quotes_of(accurate_extractor, text) == []


def test_organisations_and_governments_as_speakers(accurate_extractor):
    text = ("Boeing said in a statement that deliveries to China would resume in June. "
            "Beijing said it would retaliate against the new duties.")
    a, b = quotes_of(accurate_extractor, text)
    assert (a.speaker, a.speaker_type, a.text) == ("Boeing", "organization",
                                                   "deliveries to China would resume in June")
    assert (b.speaker, b.speaker_type, b.text) == ("China", "organization", "it would retaliate against the new duties")
    assert text[b.speaker_start:b.speaker_end] == "Beijing"


def test_surname_honorific_and_pronoun_take_the_full_name_and_role(accurate_extractor):
    text = ("EU chief negotiator Michel Barnier met British officials on Monday. "
            "Mr Barnier said no deal was close. He added that talks would resume in May.")
    a, b = quotes_of(accurate_extractor, text)
    for q in (a, b):
        assert (q.speaker, q.title, q.organization) == ("Michel Barnier", "chief negotiator", "EU")
    assert text[a.speaker_start:a.speaker_end] == "Barnier"
    assert text[b.speaker_start:b.speaker_end] == "He"


def test_the_agency_is_the_organisation_named_before(accurate_extractor):
    text = ("Statistics Norway reported a record surplus. "
            '"Oil and gas drove the increase," the agency said in its monthly report.')
    q = only(quotes_of(accurate_extractor, text))
    assert (q.speaker, q.speaker_type) == ("Statistics Norway", "organization")


def test_the_model_runs_only_on_sentences_a_rule_selects(accurate_extractor):
    finder = accurate_extractor.nlp.get_pipe("newsfacts_quotes")
    filler = "Exports of steel rose in the first quarter as demand in Asia held up. " * 20
    before = finder.chars_parsed
    quotes_of(accurate_extractor, filler)
    assert finder.chars_parsed == before  # no cue, no quotation mark: nothing parsed
    text = filler + "Port officials at Ridgeway, whose terminals handle most of the trade, said volumes would double."
    quotes_of(accurate_extractor, text)
    parsed = finder.chars_parsed - before
    assert 0 < parsed < len(text) / 10


def test_quotation_marks_pair_by_shape_and_run_on_across_paragraphs():
    text = '“One.” "Two" and ' + "''three''" + ' \n\n"Four runs on.\n\n"And ends here."'
    spans = [text[q.start:q.end] for q in find_quotes(text)]
    assert spans == ["One.", "Two", "three", 'Four runs on.\n\n"And ends here.']


def test_seed_article_quotes_are_right_with_title_and_organisation(shared_eval, accurate_extractor):
    gold = json.loads((shared_eval / "seed-gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    got = accurate_extractor.extract_text(gold["text"], published=gold.get("published")).quotes
    for g in gold["quotes"]:
        match = [q for q in got if min(q.end, g["end"]) - max(q.start, g["start"]) >= 0.3 * (g["end"] - g["start"])]
        assert match, g["text"]
        q = match[0]
        assert (q.speaker, q.title, q.organization) == (g["speaker"], g["title"], g["organization"])
    assert len(got) == len(gold["quotes"])


_FRAGMENTS = ['"', "“", "”", "''", "'", ",", ".", ":", "?", "\n", "\n\n", "\n    ", " said", " says", " told", " added",
              " according to", " declined to comment", " Mr.", " Ms", " he", " she", " it", " they", " Lin Song",
              " ING", " economist", " Bank of Korea", " analysts", " the agency", " that", " exports rose 5%",
              " Beijing", " U.S.", " (", ")", " —", " and", " warned", " highlighted", " A", " B."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=40))
def test_quote_finder_never_raises_and_offsets_always_slice(parts, accurate_extractor):
    text = "".join(parts)
    if not text.strip():
        return
    for q in accurate_extractor.extract_text(text).quotes:
        assert text[q.start:q.end] == q.text and q.text.strip()
        assert q.speaker
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)


def test_an_official_of_a_named_body_speaks_for_it_a_trade_official_does_not(accurate_extractor):
    (q,) = quotes_of(accurate_extractor, "A State Department official said the talks would resume next week.")
    assert (q.speaker, q.speaker_type, q.title, q.text) == ("State Department", "organization", "official",
                                                            "the talks would resume next week")
    assert quotes_of(accurate_extractor, "A trade official said talks would continue next week.") == []


def test_a_quoted_title_before_the_speaker_is_no_quote(either):
    ex = either
    (q,) = quotes_of(ex, "Speaking on “Meet the Press,” Senator John Smith said the bill would pass by a wide margin.")
    assert (q.kind, q.text, q.speaker, q.cue) == ("indirect", "the bill would pass by a wide margin", "John Smith",
                                                  "said")
    (q,) = quotes_of(ex, "On “Fox News Sunday,” John Smith said the tweet was only “to mock” Hillary Clinton.")
    assert (q.kind, q.text) == ("mixed", "the tweet was only “to mock” Hillary Clinton")
    # a quote followed by its cue and an adverbial tail is still the quote
    a, b = quotes_of(ex, "“We will win,” John Smith said on Tuesday. “It is done,” he said.")
    assert (a.kind, a.text, b.text, b.speaker) == ("direct", "We will win", "It is done", "John Smith")


def test_a_cue_clause_ending_a_paragraph_in_a_colon_opens_the_quoted_paragraph(either):
    ex = either
    text = ("Trade talks stalled on Monday.\n\nJohn Smith, the chief negotiator, said:\n\n"
            "\"We are not going to sign a bad deal. We will wait.\"\n\nThe talks resume next week.")
    (q,) = quotes_of(ex, text)
    assert (q.kind, q.text, q.speaker, q.cue) == ("direct", "We are not going to sign a bad deal. We will wait.",
                                                  "John Smith", "said")
    # a colon that no cue precedes opens no quote
    assert quotes_of(ex, "The agenda is as follows:\n\n\"Item one is trade.\"\n\nMore.") == []


def test_a_listener_phrase_only_after_a_verb_that_takes_one(either):
    ex = either
    (q,) = quotes_of(ex, "Barack Obama told a meeting of Pacific Island leaders that few people understood the stakes.")
    assert (q.text, q.speaker, q.cue) == ("few people understood the stakes", "Barack Obama", "told")
    (q,) = quotes_of(ex, "John Smith said the bill that passed was a disaster.")
    assert q.text == "the bill that passed was a disaster"


def test_a_clean_rule_frame_stands_where_the_parse_finds_none(accurate_extractor):
    text = "Angelique Brunner said many of the examples that critics point to failed to note that the program helped."
    (q,) = quotes_of(accurate_extractor, text)
    assert (q.speaker, q.cue, q.text) == ("Angelique Brunner", "said", "many of the examples that critics point to "
                                          "failed to note that the program helped")


def test_words_quoted_inside_a_narrative_sentence_do_not_continue_a_speech(either):
    ex = either
    text = ('"We need to step away from efforts to paint law enforcement with a broad brush," Mike Pence said on '
            'CNN\'s "State of the Union."\n\nThe article closes with an implication about the woman\'s "head."')
    (q,) = quotes_of(ex, text)
    assert (q.kind, q.speaker) == ("direct", "Mike Pence")
    assert q.text.startswith("We need to step away")


def test_the_next_sentence_quoting_a_phrase_carries_on_the_speech_as_a_mixed_quote(either):
    ex = either
    text = ('"For countries to develop, they have to have access to energy," said John Westwood, managing director '
            'of Douglas-Westwood. India is a "dramatically growing economy that must have access to oil". '
            'Prices rose.')
    a, b = quotes_of(ex, text)
    assert (a.kind, a.speaker) == ("direct", "John Westwood")
    assert (b.kind, b.speaker, b.text) == ("mixed", "John Westwood",
                                           'India is a "dramatically growing economy that must have access to oil"')


def test_calling_a_meeting_is_no_quote_calling_a_plan_a_mistake_is(accurate_extractor):
    assert quotes_of(accurate_extractor, "The United Nations called an emergency meeting on Friday.") == []
    (q,) = quotes_of(accurate_extractor, "Hillary Clinton called her vote in favor of the Iraq War a mistake.")
    assert (q.speaker, q.cue, q.text) == ("Hillary Clinton", "called", "her vote in favor of the Iraq War a mistake")


def test_said_adding_that_gives_a_second_statement_and_a_used_cue_is_not_read_again(either):
    ex = either
    text = ('Clayton Yeutter spoke on Monday. "We have not seen that yet," Yeutter said, adding that policy '
            'flexibility is essential in solving the problem.')
    a, b = quotes_of(ex, text)
    assert (a.kind, a.cue, b.kind, b.cue, b.speaker) == ("direct", "said", "indirect", "adding", "Clayton Yeutter")
    assert b.text == "policy flexibility is essential in solving the problem"
    text = ('"We will get there together," Loretta Lynch said at a recent news conference announcing that her '
            'department was suing North Carolina.')
    (q,) = quotes_of(ex, text)
    assert (q.kind, q.text) == ("direct", "We will get there together")


def test_a_name_after_the_comma_of_a_clause_opens_a_quote_with_a_colon(either):
    text = "Trump will use the debate to make some kind of news, Kall said: \"I feel he has a surprise up his sleeve.\""
    (q,) = quotes_of(either, text)
    assert (q.kind, q.speaker, q.text) == ("direct", "Kall", "I feel he has a surprise up his sleeve.")
    # an appositive after the name is still the name's
    (q,) = quotes_of(either, 'John Smith, an economist at ING, said: "We will wait."')
    assert (q.speaker, q.title, q.organization) == ("John Smith", "economist", "ING")


def test_what_was_said_holds_no_wire_dateline_and_runs_on_over_a_wrapped_abbreviation(either):
    text = ("MOSCOW, April 24 - Exports fell sharply in the first quarter, the\n"
            "official news agency Tass said.\n"
            "    However, Trade Minister John Smith added that if other nations do not take steps to cut the U.S.\n"
            "trade deficit, the dollar will fall further.\n")
    qs = quotes_of(either, text)
    assert [q.text for q in qs] == [
        "Exports fell sharply in the first quarter",
        "if other nations do not take steps to cut the U.S.\ntrade deficit, the dollar will fall further"]
