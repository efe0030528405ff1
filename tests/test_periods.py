"""Periods: found in text and normalised against the publication date (or the years the text names)."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.periods import period_mentions, period_starts, reference_date, shift_month, shift_year

REF = dt.date(2025, 12, 8)


def values(text, ref=REF):
    return [m.value for m in period_mentions(text, ref)]


@pytest.mark.parametrize("text, expected", [
    ("Exports rose in November.", ["2025-11"]),
    ("Imports fell in December.", ["2025-12"]),
    ("Prices rose in the third quarter.", ["2025-Q3"]),
    ("Output fell in the fourth quarter of 2019.", ["2019-Q4"]),
    ("Growth slowed in Q2 2024.", ["2024-Q2"]),
    ("Sales rose in the first half.", ["2025-H1"]),
    ("The surplus for the first 11 months was a record.", ["2025-01/2025-11"]),
    ("Exports in the first eleven months of 2004 rose.", ["2004-01/2004-11"]),
    ("Production from January to March grew.", ["2025-Q1"]),
    ("Shipments from January to May rose.", ["2025-01/2025-05"]),
    ("The deficit was smaller last year.", ["2024"]),
    ("The economy shrank in the final three months of last year.", ["2024-Q4"]),
    ("The agency spent more in fiscal 2021.", ["2021"]),
    ("October's deficit was smaller.", ["2025-10"]),
    ("It compares with March 2019 and Feb. 2020.", ["2019-03", "2020-02"]),
    ("Imports were lower last month.", ["2025-11"]),
])
def test_period_expressions_normalise(text, expected):
    assert values(text) == expected


def test_possessive_periods_are_marked():
    (m,) = period_mentions("January's surplus fell.", REF)
    assert m.possessive and m.value == "2025-01"


def test_year_earlier_is_a_shift_not_a_period():
    (m,) = period_mentions("Sales fell 2% a year earlier.", REF)
    assert m.value is None and m.shift == -1


def test_modal_may_and_verb_march_are_not_months():
    assert values("Exports may rise as workers march on.") == []
    assert values("Exports rose in May.") == ["2025-05"]


def test_a_month_later_than_publication_is_last_year():
    assert values("Exports rose in November.", dt.date(2025, 3, 1)) == ["2024-11"]
    assert values("Growth picked up in the fourth quarter.", dt.date(1987, 3, 19)) == ["1986-Q4"]


def test_reference_date_without_published_comes_from_the_text():
    text = "The gap hit a record in 2004, above 2003, and may narrow in 2005. Prices in 2004 rose."
    assert reference_date(None, text) == dt.date(2005, 1, 15)
    assert reference_date("2020-11-09T10:00:00", "") == dt.date(2020, 11, 9)
    assert reference_date(None, "No years here.") is None


def test_shifts():
    assert shift_year("2004-Q4", -1) == "2003-Q4"
    assert shift_year("2004-01/2004-11", -1) == "2003-01/2003-11"
    assert shift_month("2025-01", -1) == "2024-12"


def test_first_three_and_six_months_are_a_quarter_and_a_half():
    assert values("Output rose in the first three months of 2024.") == ["2024-Q1"]
    assert values("Output rose in the first six months of 2023.") == ["2023-H1"]


def test_month_earlier_is_a_month_shift():
    (m,) = period_mentions("It fell from $3bn a month earlier.", REF)
    assert m.value is None and m.month_shift == -1


def test_years_named_in_forecasts_do_not_set_the_reference():
    text = "Growth was 2% in 2004. Inflation is expected to fall later in 2005, and the bank will act by 2005."
    assert reference_date(None, text) == dt.date(2005, 1, 15)


def test_a_year_naming_a_bond_is_no_period():
    assert values("The benchmark 2030 government bond yield fell.") == []


@pytest.mark.parametrize("text, expected", [
    ("Sales rose in the 12 months to March.", ["2024-04/2025-03"]),
    ("The deficit widened in the eight months to end-August.", ["2025-01/2025-08"]),
    ("Inflation in the year to June 2024 was high.", ["2023-07/2024-06"]),
])
def test_periods_up_to_a_month(text, expected):
    assert values(text) == expected


_PIECES = ["in ", "In ", "january", "January", "Jan.", "March", "XMarch", "May", "the ", "The ", "a ", "A ", "a, ",
           "year", " earlier", " ago", "previous ", "same ", "period ", "month", "last ", "LAST ", "this ", "next ",
           "first ", "three ", "quarter", "-quarter", "half", "Q3", "q4", "FY2004", "fiscal ", "2004", "1987",
           "'s", "12 ", "eleven ", "months", "to ", "ended ", "end-", "-", " ", "\n", "x", "5", "$", ".", ",",
           "_", "twelve", "1st ", "second ", "final ", "\u017fecond ", "\u0130", "é", "’", "—", "in\tmarch"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 200), st.integers(0, 200))
def test_period_starts_keep_every_match(pieces, a, length):
    text = "".join(pieces)
    start, end = min(a, len(text)), min(a + length, len(text))

    def key(ms):
        return [(m.start, m.end, m.value, m.possessive, m.shift, m.month_shift) for m in ms]
    plain = key(period_mentions(text, REF, start, end))
    assert key(period_mentions(text, REF, start, end, period_starts(text))) == plain
    assert key(period_mentions(text, REF, start, end, period_starts(text, start, end))) == plain
