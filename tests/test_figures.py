"""The figures component end to end: every field of a figure read from sentences the team wrote."""
import pytest

from extractor.models import Article


@pytest.fixture(scope="module")
def extract(fast_extractor):
    def run(text, published="2025-12-08"):
        art = fast_extractor.extract(Article(id="t", text=text, published=published))
        for f in art.figures:
            assert text[f.start:f.end] == f.text
        return art.figures
    return run


def one(figs, text):
    (f,) = [f for f in figs if f.text == text]
    return f


def test_change_and_level_with_direction(extract):
    figs = extract("Japanese exports climbed 7.2% to $61 billion in October.")
    a, b = one(figs, "7.2%"), one(figs, "$61 billion")
    assert (a.direction, a.kind, b.direction, b.kind) == ("up", "change", "up", "level")
    assert (a.metric, a.reporter, a.period) == ("exports", "JP", "2025-10")


@pytest.mark.parametrize("sentence, figure, direction, kind", [
    ("Factory output slumped by 3.4% last month.", "3.4%", "down", "change"),
    ("The deficit narrowed to £2.2bn.", "£2.2bn", "down", "level"),
    ("Brent was down 1.5% on the day.", "1.5%", "down", "change"),
    ("A 4.1% drop in imports surprised traders.", "4.1%", "down", "change"),
    ("The shortfall was £900m higher than a year earlier.", "£900m", "up", "change"),
    ("The surplus was $3bn, down from $4bn in May.", "$3bn", "down", "level"),
    ("Tariffs stand at 25% on steel.", "25%", None, "level"),
    ("Shares opened new tabrose 2.2% in early trade.", "2.2%", "up", "change"),
    ("Consumer spending declined 0.4 pct and investment by 0.3.", "0.3", "down", "change"),
    ("The index lost 210 points, or 0.7%, by noon.", "0.7%", "down", "change"),
    ("Output in the sector fell short of plan by 1.5 per cent.", "1.5 per cent", "down", "change"),
])
def test_direction_and_kind(extract, sentence, figure, direction, kind):
    f = one(extract(sentence), figure)
    assert (f.direction, f.kind) == (direction, kind)


@pytest.mark.parametrize("sentence, figure, metric", [
    ("The country's trade surplus reached $88 billion.", "$88 billion", "trade_surplus"),
    ("The trade gap widened to £5.1bn.", "£5.1bn", "trade_deficit"),
    ("Shipments to Vietnam rose 12%.", "12%", "exports"),
    ("Purchases of foreign goods, or imports, rose 3%.", "3%", "imports"),
    ("Washington imposed tariffs of 50% on the metal.", "50%", "tariff"),
    ("Consumer prices rose 2.9% from a year earlier.", "2.9%", "inflation"),
    ("The jobless rate held at 4.2%.", "4.2%", "unemployment"),
    ("The central bank kept interest rates at 5.25%.", "5.25%", "interest_rate"),
    ("The Nikkei index closed up 1.1%.", "1.1%", "market_index"),
    ("Quarterly revenue rose to $9.3 billion.", "$9.3 billion", "sales"),
    ("Net profit fell 8% to 2.1 billion euros.", "8%", "profit"),
    ("The economy grew 0.6% in the quarter.", "0.6%", "gdp_growth"),
    ("The carmaker will cut 1,500 factory jobs.", "1,500 factory jobs", "employment"),
    ("The gap between its exports and imports hit $60bn.", "$60bn", "trade_deficit"),
    ("It spent $300m on a software company.", "$300m", "other"),
])
def test_metric(extract, sentence, figure, metric):
    assert one(extract(sentence), figure).metric == metric


def test_reporter_and_partner_from_possessive_demonym_and_prepositions(extract):
    figs = extract("China's exports to Japan fell 4%. Chinese imports from the European Union rose 2%.")
    a, b = one(figs, "4%"), one(figs, "2%")
    assert (a.reporter, a.partner, b.reporter, b.partner) == ("CN", "JP", "CN", "EU")


def test_reporter_carries_over_to_the_next_sentence(extract):
    figs = extract("Germany's exports rose 3% in March. Imports fell 1% in the same month.")
    assert one(figs, "1%").reporter == "DE"


def test_bloc_before_exports_is_the_partner_of_the_story_country(extract):
    figs = extract("Britain's trade gap narrowed in May. EU exports rose 4%, while non-EU exports fell 2%.")
    a, b = one(figs, "4%"), one(figs, "2%")
    assert (a.reporter, a.partner, b.reporter) == ("GB", "EU", "GB")


def test_period_resolved_against_published_and_carried(extract):
    figs = extract("Exports rose 6% in November. The surplus was $90 billion.", published="2026-01-14")
    assert [f.period for f in figs] == ["2025-11", "2025-11"]


def test_period_from_the_articles_own_years_when_undated(extract):
    figs = extract("Prices in 2004 were volatile. In 2004 output rose. Output fell 1% last year.", published=None)
    assert one(figs, "1%").period == "2004"


def test_possessive_and_year_earlier_periods(extract):
    figs = extract("The deficit fell to £3bn, from October's £3.4bn. GDP rose 0.5% in the second quarter of 2024,"
                   " after falling 0.2% a year earlier.")
    assert one(figs, "£3.4bn").period == "2025-10"
    assert one(figs, "0.5%").period == "2024-Q2"
    assert one(figs, "0.2%").period == "2023-Q2"


def test_wrapped_wire_lines_stay_one_sentence(extract):
    figs = extract("Canadian factory output rose by\n1.2 pct in February, Statistics Canada said.", published="1987-04-09")
    f = one(figs, "1.2 pct")
    assert (f.direction, f.kind, f.metric, f.period) == ("up", "change", "production", "1987-02")


def test_basis_forecast_record(extract):
    figs = extract("Exports rose 5% year-on-year in May, beating a forecast of 3%. The surplus hit a record $120bn."
                   " Officials expect growth of 4.5% next year.")
    a, b, c, d = (one(figs, t) for t in ("5%", "3%", "$120bn", "4.5%"))
    assert (a.basis, a.forecast, a.record) == ("yoy", False, False)
    assert (b.forecast, b.metric, b.direction, b.kind) == (True, "exports", "up", "change")
    assert c.record and not c.forecast
    assert d.forecast


def test_bracketed_conversion_copies_the_figure_before_it(extract):
    figs = extract("The UK's deficit with China widened to £12bn ($15bn).")
    a, b = one(figs, "£12bn"), one(figs, "$15bn")
    for field in ("direction", "kind", "metric", "reporter", "partner", "period"):
        assert getattr(a, field) == getattr(b, field), field


@pytest.mark.parametrize("sentence, figure, qualifier, value", [
    ("Exports rose about 3%.", "3%", "~", 3.0),
    ("The plan costs more than $2bn.", "$2bn", ">", 2e9),
    ("Fees of up to 40% apply.", "40%", "<", 40.0),
    ("Loans of $5m or less were approved.", "$5m", "<", 5e6),
    ("Inflation was minus 0.3% in June.", "0.3%", "=", -0.3),
])
def test_qualifier_and_sign(extract, sentence, figure, qualifier, value):
    f = one(extract(sentence), figure)
    assert (f.qualifier, f.value) == (qualifier, pytest.approx(value))


def test_soviet_roubles_and_a_named_dollar_carry(extract):
    figs = extract("Soviet trade fell to 20 billion roubles.", published="1987-04-01")
    assert figs[0].unit == "SUR"
    figs = extract("The surplus rose to 1.1 billion Canadian dlrs from 900 mln dlrs.", published="1987-04-01")
    assert [f.unit for f in figs] == ["CAD", "CAD"]


def test_yen_symbol_and_counted_units(extract):
    figs = extract("Toyota sold 2 million vehicles for ¥3tn.")
    assert [(f.unit, f.value) for f in figs] == [("vehicle", 2e6), ("JPY", 3e12)]


def test_out_of_scope_stays_out(extract):
    assert extract("The G7 and Section 301 talks on 5G in 2019 ran for the eighth consecutive month.") == []


def test_month_earlier_shifts_the_sentences_month(extract):
    figs = extract("The deficit narrowed to $21 billion in June from $23 billion a month earlier.")
    assert one(figs, "$23 billion").period == "2025-05"


@pytest.mark.parametrize("sentence, figure, reporter, partner", [
    ("Exports of corn from the United States to China fell by half to 9 million tonnes.", "9 million tonnes",
     "US", "CN"),
    ("The pact could add £2 billion to UK exports.", "£2 billion", "GB", None),
    ("Japan's exports to other EU countries were down 1.9%.", "1.9%", "JP", "EU"),
    ("Japan said 60% tariffs on Chinese goods were unfair.", "60%", None, "CN"),
])
def test_reporter_and_partner_rules(extract, sentence, figure, reporter, partner):
    f = one(extract(sentence), figure)
    assert f.partner == partner
    if reporter:
        assert f.reporter == reporter


def test_a_commodity_is_a_price_only_when_money_or_moving(extract):
    figs = extract("Gold rose 1.2% while farmers shipped 40 million tonnes of wheat, up 5% on a year earlier.")
    assert one(figs, "1.2%").metric == "price"
    assert one(figs, "40 million tonnes").metric != "price"
    assert one(figs, "5%").metric != "price"


def test_a_range_after_a_movement_verb_is_a_change_at_both_ends(extract):
    figs = extract("Firms expect prices to rise by 3 to 4 percent next year.")
    assert [(f.direction, f.kind, f.forecast) for f in figs] == [("up", "change", True)] * 2


@pytest.mark.parametrize("sentence, figure, reporter, partner", [
    ("The closure cost 400 U.S. factory jobs.", "400 U.S. factory jobs", "US", None),
    ("Steel prices in Europe fell 3%.", "3%", "150", None),
    ("Japanese cars imported into the European Union face duties of 10%.", "10%", "EU", "JP"),
])
def test_more_reporter_rules(extract, sentence, figure, reporter, partner):
    f = one(extract(sentence), figure)
    assert (f.reporter, f.partner) == (reporter, partner)


def test_partner_carries_to_the_same_metric_in_the_next_sentence(extract):
    figs = extract("Tariffs on Chinese steel rose to 50% in March. The EU said its levies would stay at 25%.")
    assert one(figs, "25%").partner == "CN"


def test_range_ends_first_keeps_the_first_number_of_ranges_and_pairs():
    import spacy

    from extractor import regions, sentences  # noqa: F401
    nlp = spacy.blank("en")
    for name in ("newsfacts_sentences", "newsfacts_regions"):
        nlp.add_pipe(name)
    nlp.add_pipe("newsfacts_figures", config={"range_ends": "first"})
    doc = nlp("Fees range between $2bn and $3bn; prices fell from $40 to $35, and rose 5% to $9.")
    assert [f["text"] for f in doc._.nf_figures] == ["$2bn", "$40", "5%", "$9"]
    with pytest.raises(ValueError, match="range_ends"):
        spacy.blank("en").add_pipe("newsfacts_figures", config={"range_ends": "last"})


@pytest.mark.parametrize("sentence, figure, forecast", [
    ("The cuts would shrink the trade deficit by about 8 pct.", "8 pct", True),
    ("Brussels said it would apply duties of 25% to steel.", "25%", False),
    ("Output fell short of its target by 1.1 percent.", "1.1 percent", False),
    ("Officials target growth of 5% next year.", "5%", True),
])
def test_forecast_modal_only_for_outcomes(extract, sentence, figure, forecast):
    assert one(extract(sentence), figure).forecast is forecast


def test_record_and_qualifier_phrases(extract):
    figs = extract("The gap hit an all-time high of $700bn, while Japan ran around a 60 billion dlr surplus.")
    assert one(figs, "$700bn").record
    assert one(figs, "60 billion dlr").qualifier == "~"


@pytest.mark.parametrize("sentence, figure, field, value", [
    ("Japan's imports of crude oil rose 4.1% in March.", "4.1%", "metric", "imports"),
    ("The central bank raised rates by 50 basis points.", "50 basis points", "metric", "interest_rate"),
    ("The tax rate rises to 12% in April.", "12%", "metric", "other"),
    ("The bank cut rates by 25 basis points, its biggest cut since 2008.", "25 basis points", "period", None),
    ("Investment into Vietnam jumped 20% year-on-year to $3 billion in May.", "20%", "period", "2025-05"),
    ("Investment into Vietnam jumped 20% year-on-year to $3 billion in May.", "20%", "reporter", "VN"),
    ("Exports of wine to the US fell by 12% to £400m, the association said.", "12%", "reporter", "GB"),
])
def test_heads_rates_since_and_chains(extract, sentence, figure, field, value):
    assert getattr(one(extract(sentence), figure), field) == value


def test_wire_story_from_a_dollar_country(extract):
    text = ("WELLINGTON, March 3 - New Zealand's current account\ndeficit narrowed to 64 mln dlrs in february from "
            "88 mln in January and 120 mln in February last year.")
    figs = extract(text, published="1987-03-03")
    assert [(f.text, f.unit, f.metric, f.period) for f in figs] == [
        ("64 mln dlrs", "NZD", "current_account", "1987-02"), ("88 mln", "NZD", "current_account", "1987-01"),
        ("120 mln", "NZD", "current_account", "1986-02")]


def test_excluded_goods_are_not_the_metric_and_down_to_is_a_fall(extract):
    figs = extract("Imports, excluding oil and gold, totalled 2.1 billion dlrs. Earnings were down to 90 mln dlrs.")
    assert one(figs, "2.1 billion dlrs").metric == "imports"
    assert one(figs, "90 mln dlrs").direction == "down"


def test_a_bracket_of_several_conversions_copies_the_first_figure(extract):
    figs = extract("Japan's exports to China rose to 9,100bn yen ($88bn; £47bn) in 2004.")
    assert {(f.metric, f.partner, f.direction) for f in figs} == {("exports", "CN", "up")}


def test_a_compound_noun_after_the_figure_names_the_metric(extract):
    assert one(extract("The deal left in place a 10% baseline tariff on British goods."), "10%").metric == "tariff"


def test_the_economy_measures_growth_rates(extract):
    assert one(extract("China's economy has expanded by a breakneck 9.5% in 2004."), "9.5%").metric == "gdp_growth"


def test_a_clause_that_goes_on_about_the_same_subject_keeps_its_metric(extract):
    figs = extract("Retail sales rose 3.1 pct in May, but fell short of forecasts by 0.4 pct. "
                   "Spending rose 2 pct, while jobs grew 1 pct.")
    assert one(figs, "0.4 pct").metric == "sales"
    assert one(figs, "1 pct").metric == "employment"


def test_export_credit_is_not_exports(extract):
    assert one(extract("The bank provided $4 billion in export credit."), "$4 billion").metric == "other"


def test_a_pair_of_economies_gives_the_other_party(extract):
    figs = extract("Japan and Australia signed a pact that will cut Japanese tariffs on beef from 38% to 9%. "
                   "Trade between the two countries was worth $60 billion last year.")
    assert [(f.text, f.reporter, f.partner) for f in figs] == [
        ("38%", "JP", "AU"), ("9%", "JP", "AU"), ("$60 billion", "JP", "AU")]
    assert one(figs, "9%").direction == "down"


@pytest.mark.parametrize("sentence, figure, metric, kind", [
    ("Retaliation could slash a $37 billion U.S. trade surplus in services.", "$37 billion", "trade_surplus", "level"),
    ("The court overturned 292% import tariffs on the jets.", "292%", "tariff", "level"),
    ("Shares led gains with a 2.1% rise after gold rose.", "2.1%", "other", "change"),
])
def test_compound_metrics_after_the_figure(extract, sentence, figure, metric, kind):
    f = one(extract(sentence), figure)
    assert (f.metric, f.kind) == (metric, kind)


def test_a_bracketed_qualified_conversion_is_still_a_conversion(extract):
    figs = extract("Net profit increased to 15.9 billion rupees (nearly $187 million) in the quarter.")
    assert one(figs, "$187 million").direction == "up"
    assert one(figs, "$187 million").metric == "profit"


@pytest.mark.parametrize("sentence, figure, direction, kind", [
    ("Exports to the world rose by more\nthan 70 pct in February.", "70 pct", "up", "change"),
    ("The terms of trade also fell, by 18 pct, over two years.", "18 pct", "down", "change"),
])
def test_by_reaches_over_qualifiers_line_breaks_and_commas(extract, sentence, figure, direction, kind):
    f = one(extract(sentence, published="1987-03-01"), figure)
    assert (f.direction, f.kind) == (direction, kind)


def test_a_year_after_by_is_not_an_elliptic_percent(extract):
    assert [f.text for f in extract("It aims to cut the deficit to three pct by 1991.")] == ["three pct"]


def test_reporter_guess_is_deterministic(fast_extractor):
    text = "Britain and India talked. Sales could rise by 20%."
    got = {fast_extractor.extract(Article(id="d", text=text)).figures[0].reporter for _ in range(3)}
    assert got == {"GB"}


@pytest.mark.parametrize("sentence, figure, direction", [
    ("The plan calls for boosting exports by 7 pct.", "7 pct", "up"),
    ("The bank would devalue the forint by 8 pct.", "8 pct", "down"),
    ("Congress has to trim the deficit by 0.3 percentage points.", "0.3 percentage points", "down"),
])
def test_more_movement_verbs(extract, sentence, figure, direction):
    f = one(extract(sentence), figure)
    assert (f.direction, f.kind) == (direction, "change")


def test_foreign_exports_are_the_partner_of_the_story_country(extract):
    figs = extract("The US trade deficit widened in 2004. Foreign steel exports surged by 20% to a record $30bn.")
    f = one(figs, "20%")
    assert (f.partner, f.reporter) == ("US", None)


def test_us_dollars_named_in_a_dollar_country_story_stay_us_dollars(extract):
    figs = extract("WELLINGTON, May 4 - New Zealand firms bid for the eight billion U.S. Dlr airport project.",
                   published="1987-05-04")
    assert figs[0].unit == "USD"


def test_yen_sign_reads_yuan_in_a_chinese_story(extract):
    assert extract("China's central bank injected ¥500bn into the banks.")[0].unit == "CNY"
    assert extract("Tokyo approved a ¥2tn stimulus for Japan.")[0].unit == "JPY"


def test_a_headline_line_is_its_own_sentence(extract):
    figs = extract("Vietnam's exports hit record high as shipments jump\nJapan's imports rose 3% in May.")
    assert one(figs, "3%").sentence == "Japan's imports rose 3% in May."


@pytest.mark.parametrize("sentence, figure, field, value", [
    ("The government targets a budget deficit of 3% of GDP, down from 4.5%.", "4.5%", "metric", "budget_balance"),
    ("Retail inflation eased to 4.2% in May from 4.7% in April.", "4.7%", "forecast", False),
    ("The central bank lifted its Selic rate by 100 basis points.", "100 basis points", "metric", "interest_rate"),
])
def test_ratio_bases_months_named_may_and_policy_rates(extract, sentence, figure, field, value):
    assert getattr(one(extract(sentence), figure), field) == value


def test_a_list_joined_by_and_is_no_range_and_shares_its_movement(extract):
    figs = extract("Imports and exports grew by 16.5% and 6.6% respectively in 1986.")
    a, b = one(figs, "16.5%"), one(figs, "6.6%")
    assert (a.qualifier, b.qualifier) == ("=", "=")
    assert (a.direction, b.direction, b.kind) == ("up", "up", "change")
    # "between ... and ..." is still a range
    figs = extract("Prices are expected to rise between 5% and 6% next year.")
    assert (one(figs, "5%").qualifier, one(figs, "6%").qualifier) == (">", "<")


def test_a_bracketed_conversion_keeps_the_qualifier_and_sub_is_less_than(extract):
    figs = extract("The new line runs more than 100 kilometres (60 miles) and makes sub-7 nanometre chips.")
    assert [(f.text, f.qualifier) for f in figs] == [("100 kilometres", ">"), ("60 miles", ">"),
                                                     ("7 nanometre", "<")]


@pytest.mark.parametrize("sentence, figure, metric", [
    ("AMR reported a loss of $387m for the fourth quarter.", "$387m", "profit"),
    ("The planned PSBR for 1987/88 was 4.0 billion stg.", "4.0 billion stg", "budget_balance"),
    ("We have already seen airfares jump and they were up 3.6% in February.", "3.6%", "price"),
    ("Growth forecasts for the eurozone slipped to 1.8% from 2.0%.", "1.8%", "gdp_growth"),
    ("The bank's shares fell 2.4%, a loss in a falling market.", "2.4%", "other"),
])
def test_metric_phrases_for_losses_borrowing_fares_and_growth_forecasts(extract, sentence, figure, metric):
    assert one(extract(sentence), figure).metric == metric



def test_trade_between_two_economies_has_the_first_as_reporter_and_the_second_as_partner(extract):
    f = one(extract("Trade between the United States and China fell 5% in April."), "5%")
    assert (f.metric, f.reporter, f.partner) == ("trade_volume", "US", "CN")


def test_a_tariff_on_one_economy_s_goods_is_imposed_by_the_story_s_other_economy(extract):
    figs = extract("The United States and China held talks in Geneva. U.S. officials want more access to China. "
                   "The levies on Chinese goods are currently at 145%. Brent crude rose to $63.91 a barrel.")
    f = one(figs, "145%")
    assert (f.metric, f.reporter, f.partner) == ("tariff", "US", "CN")


def test_europe_trades_as_the_eu_in_a_story_about_the_eu(extract):
    figs = extract("The EU and the US are in a long row over aircraft subsidies. "
                   "US aircraft imported to Europe will face tariffs of 15%.")
    f = one(figs, "15%")
    assert (f.metric, f.reporter) == ("tariff", "EU")
