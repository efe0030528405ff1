"""Numbers, scales and units: what the figure shapes match and the values they read."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.figure_find import _matches, _matches_slow, find_figures
from extractor.numbers import number_value, scale_value
from extractor.patterns import load_jsonl


@pytest.mark.parametrize("text, value", [
    ("1,250.5", 1250.5), ("0.75", 0.75), ("three", 3.0), ("twenty-five", 25.0), ("Ninety nine", 99.0),
    ("three hundred", 300.0), ("two hundred and fifty", 250.0), ("half a", 0.5), ("a quarter", 0.25),
    ("a dozen", 12.0), ("eleven", 11.0), ("a", 1.0),
])
def test_number_value_reads_digits_and_words(text, value):
    assert number_value(text) == pytest.approx(value)


def test_number_value_refuses_what_is_not_a_number():
    assert number_value("lots") is None
    assert number_value("") is None


@pytest.mark.parametrize("text, value", [("bn", 1e9), ("Billion", 1e9), ("mln", 1e6), ("m", 1e6), ("tn", 1e12),
                                         ("k", 1e3), (None, 1.0), ("crore", 1e7)])
def test_scale_value(text, value):
    assert scale_value(text) == value


def figures(text):
    return [(f.text, pytest.approx(f.value), f.unit) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("Sales reached $4.2 billion.", [("$4.2 billion", 4.2e9, "USD")]),
    ("The bill was £7bn.", [("£7bn", 7e9, "GBP")]),
    ("Miners paid A$3.5bn and C$12m.", [("A$3.5bn", 3.5e9, "AUD"), ("C$12m", 12e6, "CAD")]),
    ("It raised HK$ 800 million.", [("HK$ 800 million", 8e8, "HKD")]),
    ("Taipei spent NT$90bn; Singapore S$2bn.", [("NT$90bn", 9e10, "TWD"), ("S$2bn", 2e9, "SGD")]),
    ("Rates fell by ¥300bn.", [("¥300bn", 3e11, "JPY")]),
    ("India set aside ₹5,000 crore.", [("₹5,000 crore", 5e10, "INR")]),
    ("Seoul approved ₩1.2tn.", [("₩1.2tn", 1.2e12, "KRW")]),
    ("The fund holds USD 5bn and EUR3m.", [("USD 5bn", 5e9, "USD"), ("EUR3m", 3e6, "EUR")]),
    ("Trade was 4.1 billion dlrs and 900 mln stg.", [("4.1 billion dlrs", 4.1e9, "USD"), ("900 mln stg", 9e8, "GBP")]),
    ("Reserves rose to 3.1 trillion yuan.", [("3.1 trillion yuan", 3.1e12, "CNY")]),
    ("The order was worth 40 billion renminbi.", [("40 billion renminbi", 4e10, "CNY")]),
    ("Exporters earned 2.5 billion Australian dollars.", [("2.5 billion Australian dollars", 2.5e9, "AUD")]),
    ("Aid reached 12 billion roubles.", [("12 billion roubles", 1.2e10, "RUB")]),
    ("Wages rose by 80 billion won.", [("80 billion won", 8e10, "KRW")]),
    ("The loonie bought 71.4 U.S. cts.", [("71.4 U.S. cts", 0.714, "USD")]),
    ("Shares fell 12p to 240p.", [("12p", 0.12, "GBP"), ("240p", 2.4, "GBP")]),
    ("Copper rose 4 cents.", [("4 cents", 0.04, "USD")]),
    ("Inflation was 2.6 per cent, 3 pct and 4 percent.",
     [("2.6 per cent", 2.6, "%"), ("3 pct", 3.0, "%"), ("4 percent", 4.0, "%")]),
    ("Rates rose 25 basis points and 0.5 percentage point.", [("25 basis points", 25.0, "bp"),
                                                             ("0.5 percentage point", 0.5, "pp")]),
    ("The index lost 120 points.", [("120 points", 120.0, "point")]),
    ("Output hit 2.1 million barrels and 300,000 metric tons.", [("2.1 million barrels", 2.1e6, "barrel"),
                                                          ("300,000 metric tons", 3e5, "tonne")]),
    ("The plant shed 1,200 factory jobs.", [("1,200 factory jobs", 1200.0, "job")]),
    ("Ports moved 40,000 containers and 5 million vehicles.", [("40,000 containers", 4e4, "container"),
                                                                ("5 million vehicles", 5e6, "vehicle")]),
    ("The mine yields half a million tonnes.", [("half a million tonnes", 5e5, "tonne")]),
    ("Prices fell -0.5% on the month.", [("-0.5%", -0.5, "%")]),
    ("The balance was $-3.2bn.", [("$-3.2bn", -3.2e9, "USD")]),
])
def test_figure_shapes_read_value_and_unit(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Growth of 4-5% is expected.", [("4", 4.0, "%"), ("5%", 5.0, "%")]),
    ("It will cost between $2bn and $3bn.", [("$2bn", 2e9, "USD"), ("$3bn", 3e9, "USD")]),
    ("A rise of three to five billion dlrs.", [("three", 3e9, "USD"), ("five billion dlrs", 5e9, "USD")]),
    ("Homes sell for $400,000 to $1.1 million.", [("$400,000", 4e5, "USD"), ("$1.1 million", 1.1e6, "USD")]),
    ("The peso is 10 or 20 pct too weak.", [("10", 10.0, "%"), ("20 pct", 20.0, "%")]),
    ("The bloc grew from 12 to 15 member states.", [("12", 12.0, "member state"),
                                                    ("15 member states", 15.0, "member state")]),
])
def test_ranges_give_one_figure_per_end(text, expected):
    assert figures(text) == expected


def test_range_qualifiers_mark_the_ends_but_movements_do_not():
    low, high = find_figures("Analysts see 3 to 4 pct growth.")
    assert (low.range_role, high.range_role) == ("low", "high")
    a, b = find_figures("The stock was up 10 cents to $2.40.")
    assert (a.range_role, b.range_role) == (None, None)


@pytest.mark.parametrize("text", [
    "The G7 met in 2019 at 10.45pm.", "Section 301 duties on 777X jets and 5G kit.", "The eighth consecutive month.",
    "It happened on October 1 2019.", "Double-digit growth continued.", "Their PS4 sales.",
    "Exports fell by half to record lows.", "It costs tens of billions of dollars.",
])
def test_out_of_scope_numbers_are_not_figures(text):
    assert find_figures(text) == []


def test_every_figure_shape_has_an_example_it_matches():
    for p in load_jsonl("figures.jsonl"):
        got = {f.pattern_id for f in find_figures(p["example"])}
        assert p["id"] in got, (p["id"], p["example"], got)


def test_wire_fractions():
    assert number_value("7-3/4") == 7.75
    assert figures("The bank cut its rate to 7-3/4 pct.") == [("7-3/4 pct", 7.75, "%")]


def test_a_scaled_number_after_from_takes_the_money_unit_before_it():
    assert figures("The surplus rose to 9.1 billion dlrs in May from 7.4 billion in April.") == [
        ("9.1 billion dlrs", 9.1e9, "USD"), ("7.4 billion", 7.4e9, "USD")]
    assert figures("Net worth of 2.5 billion, up sharply.") == []


def test_ranges_with_units_at_both_ends():
    low, high = find_figures("Duties of 20% to 30% will apply.")
    assert (low.range_role, high.range_role) == ("low", "high")


def test_more_currency_words():
    assert figures("Sales reached 3.4 billion guilders and 2 billion Swiss francs.") == [
        ("3.4 billion guilders", 3.4e9, "NLG"), ("2 billion Swiss francs", 2e9, "CHF")]


def test_counts_in_words_and_dates_before_a_range_are_not_figures():
    assert figures("After two aircraft flew to Beijing, rates rose from 9% in week ended March 30 to 24%.") == [
        ("9%", 9.0, "%"), ("24%", 24.0, "%")]
    assert figures("They bought two million tonnes.") == [("two million tonnes", 2e6, "tonne")]


def test_a_mistyped_separator_and_a_rate_unit_are_not_figures():
    assert figures("The dollar was at $1,8923 and one dollar bought 102 yen.") == [("102 yen", 102.0, "JPY")]


def test_two_measures_of_one_change_are_no_range_and_point_plans_no_points():
    assert figures("Jobs were up by 189,000 or 13.9% on a year earlier.") == [("13.9%", 13.9, "%")]
    assert figures("Growth will slow from 4.8 to 4.7 percent.") == [("4.8", 4.8, "%"), ("4.7 percent", 4.7, "%")]
    assert figures("Canada's five point programme was tabled.") == []


def test_fractions_of_a_point_and_more_currency_signs():
    assert figures("Rates rose a quarter of a percentage point.") == [("a quarter of a percentage point", 0.25, "pp")]
    assert figures("Kenya paid KSh 2bn and Nigeria ₦500m; it cost RMB 5bn.") == [
        ("KSh 2bn", 2e9, "KES"), ("₦500m", 5e8, "NGN"), ("RMB 5bn", 5e9, "CNY")]


def test_gadget_specs_are_not_money():
    # "1080p" is no pence and "5G", "4K" are no amounts; the jack's 3.5mm is a length
    assert figures("The phone has a 1080p screen, 5G, 4K video and a 3.5mm jack; it costs $139.") == [
        ("3.5mm", 3.5, "millimetre"), ("$139", 139.0, "USD")]


def test_units_of_measurement_written_out_abbreviated_attached_or_hyphenated():
    assert figures("It hit 87 mph (140 km/h), 500 degrees Celsius and 3000 rpm with 275 pound-feet of torque.") == [
        ("87 mph", 87.0, "mile per hour"), ("140 km/h", 140.0, "kilometre per hour"),
        ("500 degrees Celsius", 500.0, "celsius"), ("3000 rpm", 3000.0, "revolution per minute"),
        ("275 pound-feet", 275.0, "pound-foot")]
    assert figures("A 3.5-liter engine, 640bhp, a 1.8 billion-mile trip and seven miles of track.") == [
        ("3.5-liter", 3.5, "litre"), ("640bhp", 640.0, "horsepower"), ("1.8 billion-mile", 1.8e9, "mile"),
        ("seven miles", 7.0, "mile")]
    # case tells symbols apart; a range takes the unit of its second end
    assert figures("A 5 W charger, 12 MW and 12 mw; speeds of 15 to 22 miles per hour.") == [
        ("5 W", 5.0, "watt"), ("12 MW", 12.0, "megawatt"), ("15", 15.0, "mile per hour"),
        ("22 miles per hour", 22.0, "mile per hour")]


# pieces of news copy the fast figure scan has to get right: currency prefixes with and without spaces, signs,
# number words, hyphenated fractions, long runs of white space (window ends), non-ASCII punctuation and letters,
# characters whose case folding is odd
_PIECES = ["$", "US $", "US$", "HK$ ", "£", "€", "-", "\u2212", ".", "5", "12", "1,250.5", "3/4", "7 1/2", "three",
           "Three", "twenty-five", "a", "an", "A", " half", " quarter", " million", " bn", "bn", "m", " per cent",
           "%", " pct", " dlrs", " Canadian dlrs", " cts", "p", " tonnes", " jobs", " U.S. cts", " ", "\n", " " * 60,
           "\t", "two-thirds", "three quarters of a", "one and a half", " hundred", " and ", "PS", "Rs.", "RM",
           "zł", "S/", "Y=", "CN¥", "¥", "x" * 50, "the market said ", "(", ")", ",", "k", "K", "\u212a",
           "\u017fix", "\u0130", "\u0131", "—", "’", "é", "to", " or ", "between ", "from ", "halfway", "2004"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_fast_scan_finds_what_every_shape_over_every_window_finds(pieces):
    text = "".join(pieces)
    fast = [(pid, m.span(), m.groupdict()) for pid, m in _matches(text)]
    assert fast == [(pid, m.span(), m.groupdict()) for pid, m in _matches_slow(text)]
