"""Figures: money, percentages and counted quantities, normalised, with what they measure.

The spaCy component "newsfacts_figures" sets `doc._.nf_figures` to a list of dicts with the Figure fields of
extractor/models.py. Steps, each its own module:

    figure_find.py       the figure shapes of patterns/figures.jsonl over the text: value, unit, ranges
    figure_currency.py   currencies read from the whole story (a named dollar, the yen sign, Soviet roubles)
    figure_sentences.py  sentences, with hard-wrapped wire lines joined back
    figure_context.py    the words around each figure: qualifier, direction, kind, forecast, record, basis
    figure_metric.py     what it measures (metrics.py finds the phrases of patterns/metrics.json)
    figure_who.py        reporter and partner from the region spans
    figure_when.py       which period (periods.py normalises them against `doc._.published`)
    here                 the component, and what carries from figure to figure across sentences

Rules only: no statistical model, so figures come out the same in fast and accurate mode.

Example:
    >>> import spacy
    >>> from extractor import regions, sentences  # noqa: F401  (register the components)
    >>> nlp = spacy.blank("en")
    >>> for name in ("newsfacts_sentences", "newsfacts_regions", "newsfacts_figures"):
    ...     _ = nlp.add_pipe(name)
    >>> doc = nlp.make_doc("Chinese exports rose 5.9% in November.")
    >>> doc._.published = "2025-12-08"
    >>> for _, proc in nlp.pipeline:
    ...     doc = proc(doc)
    >>> f = doc._.nf_figures[0]
    >>> (f["value"], f["unit"], f["direction"], f["kind"], f["metric"], f["reporter"], f["period"])
    (5.9, '%', 'up', 'change', 'exports', 'CN', '2025-11')
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from extractor.doc_text import doc_text
from extractor.figure_context import Context, FigureContext
from extractor.figure_currency import currency_context
from extractor.figure_find import Found, find_figures, spaced_copy
from extractor.figure_metric import continues, figure_metric
from extractor.figure_sentences import Toks, sentence_ranges
from extractor.figure_when import CHAIN, PAREN, figure_period, main_period
from extractor.figure_who import PARTNER_METRICS, dominant, economies, is_country, region_pair
from extractor.metrics import MetricMention, metric_mentions
from extractor.periods import period_mentions, period_starts, reference_date

for _name, _default in (("nf_figures", None), ("published", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

REGIONS_KEY = "nf_regions"
# prepositions that make a region the counterpart rather than the economy measured
_CURRENCY_COUNTRY = {"USD": "US", "GBP": "GB", "EUR": "EZ", "JPY": "JP", "CNY": "CN", "CAD": "CA", "AUD": "AU",
                     "INR": "IN", "KRW": "KR", "SUR": "SU", "RUB": "RU", "HKD": "HK", "CHF": "CH", "MYR": "MY"}
_FORECAST_OF = re.compile(r"(?:forecast|forecasts|expectations?|estimates?|consensus|prediction)\s+(?:of|for)\s+"
                          r"(?:about\s+|around\s+)?$", re.I)
_APPOSITION = re.compile(r"^\s*,?\s*or\s+(?:about\s+|around\s+|nearly\s+)?$", re.I)
# "by" first, its word boundary checked behind it: a literal start lets the regex engine jump from "by" to "by"
_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:and|while|but|whereas)\b")
_ELLIPTIC = re.compile(r"by(?<!\wby)\s+(\d+(?:\.\d+)?)(?![\w%]|[.,]\d)")



class _Part(NamedTuple):
    """a sentence, a figure's tokens or a region, with the offsets the rules read (a Span works them out anew on
    every access)"""
    start: int
    end: int
    start_char: int
    end_char: int
    label_: str = ""


COPIED = ("direction", "kind", "metric", "metric_text", "reporter", "partner", "period", "basis", "forecast", "record")


class FigureExtractor:
    """`range_ends="both"` (SCHEMA.md: one figure per end of "4-5%", "between $2bn and $3bn"); "first" keeps only
    the first number of a range or of a "from X to Y" pair, as NewsQuant's labels do (for comparison runs)."""

    def __init__(self, nlp: Language, range_ends: str = "both"):
        if range_ends not in ("both", "first"):
            raise ValueError(f"newsfacts_figures: range_ends must be 'both' or 'first', not {range_ends!r}")
        self.context = FigureContext()
        self.range_ends = range_ends

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = find_figures(text)
        found += _elliptic(text, found)
        found.sort(key=lambda f: f.start)
        region_spans = [_Part(r.start, r.end, -1, -1, r.label_) for r in doc.spans.get(REGIONS_KEY, [])]
        home = next((r.label_ for r in region_spans if len(r.label_) == 2), None)
        currency_context(found, text, doc._.published, home)
        if not found:
            doc._.nf_figures = []
            return doc
        ref = reference_date(doc._.published, text)
        toks = Toks(doc, text)
        sents = [_Part(a, b, toks.idx[a], toks.end[b - 1]) for a, b in sentence_ranges(doc, text, toks)]
        sent_starts = [s.start for s in sents]
        fig_spans = []
        for f in found:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            fig_spans.append(None if span is None else _Part(span.start, span.end, toks.idx[span.start],
                                                             toks.end[span.end - 1]))
        skip = {i for s in fig_spans if s is not None for i in range(s.start, s.end)}
        periods = []
        fig_starts = [f.start for f in found]  # sorted
        spaced = spaced_copy(text)  # for period_starts: made once, not once per sentence
        for sent in sents:
            # only the sentences that hold figures: a period elsewhere says nothing of any figure
            k = bisect.bisect_left(fig_starts, sent.start_char)
            if k < len(fig_starts) and fig_starts[k] < sent.end_char:
                periods += period_mentions(text, ref, sent.start_char, sent.end_char,
                                           period_starts(text, sent.start_char, sent.end_char, spaced))
        periods = [m for m in periods if not any(f.start < m.end and m.start < f.end for f in found)]
        article_regions = [r.label_ for r in region_spans if len(r.label_) == 2]
        # the story's economies, the same for every figure: worked out once, when first needed
        story_dominant: list = []
        sent_metrics: dict[int, list[MetricMention]] = {}
        sent_regions: dict[int, list] = {}
        sent_pair: dict[int, tuple | None] = {}
        sent_figs: dict[int, list] = {}
        records: list[dict] = []
        carry = {"reporter": None, "partner": None, "metric": None, "sent": -1}
        stated_periods: list[str] = []

        def sent_of(i: int) -> _Part | None:
            # the sentence holding token i (sentences tile the doc from token 0)
            k = bisect.bisect_right(sent_starts, i) - 1
            return sents[k] if k >= 0 and i < sents[k].end else None

        fig_sent = [None if s is None else sent_of(s.start) for s in fig_spans]
        for n, (f, span) in enumerate(zip(found, fig_spans)):
            if span is None:
                continue
            sent = fig_sent[n]
            if sent.start not in sent_metrics:
                sent_metrics[sent.start] = metric_mentions(doc, sent.start, sent.end, skip, toks)
                sent_regions[sent.start] = [r for r in region_spans if sent.start <= r.start < sent.end]
                sent_pair[sent.start] = region_pair(doc, sent, sent_regions[sent.start], toks)
                sent_figs[sent.start] = [s for s, ss in zip(fig_spans, fig_sent) if s is not None and ss is sent]
            ctx = Context(doc, sent, span, f, sent_figs[sent.start], skip, text, toks)
            rec = self.context.read(ctx)
            prev = records[-1] if records else None
            prev_found = found[n - 1] if n else None
            between = text[prev_found.end:f.start] if prev_found else ""
            same_sent = prev is not None and prev["_sent"] == sent.start
            if same_sent and (PAREN.match(between) or (prev.get("_bracket") and re.fullmatch(r"\s*[;,/]\s*", between))):
                # "$4bn (£3bn)", "22,201bn yen ($214.6bn; £114.5bn)": the bracket restates the figure before it,
                # with its qualifier unless it has its own ("more than 100 kilometres (60 miles)")
                rec.update({k: prev[k] for k in COPIED})
                if rec["qualifier"] == "=":
                    rec["qualifier"] = prev["qualifier"]
                rec["_bracket"] = True
            else:
                metric, metric_text = figure_metric(sent_metrics[sent.start], span, doc, f, skip, toks)
                rec["metric"], rec["metric_text"] = metric, metric_text
                if same_sent and prev["kind"] == "change" and rec["forecast"] \
                        and _FORECAST_OF.search(text[sent.start_char:f.start]):
                    # "exports rose 5.9%, exceeding economists' forecast of 4%": the forecast is of that rise
                    rec.update({k: prev[k] for k in ("direction", "kind", "metric", "reporter", "partner", "period")})
                    rec["metric_text"] = None
                elif same_sent and _APPOSITION.match(between) and f.range_role is None:
                    # "lost 190 points, or 0.6%": the same movement in other units
                    rec.update({k: prev[k] for k in ("direction", "kind", "metric", "metric_text")})
                elif same_sent and rec["direction"] is None and prev["direction"] and prev["unit"] == rec["unit"] \
                        and re.fullmatch(r"\s*and\s*", between):
                    # "increases of 16.5 pct and 6.6 pct respectively": a list of the same movement
                    rec["direction"], rec["kind"] = prev["direction"], prev["kind"]
                elif same_sent and rec["direction"] is None and prev["direction"] and prev["kind"] == "change" \
                        and re.search(r"\bby\s+$", text[max(0, f.start - 4):f.start]):
                    # "Consumer spending declined 0.6 pct and government spending by 0.2"
                    rec["direction"], rec["kind"] = prev["direction"], "change"
                # a figure before this one in another clause keeps its own regions ("EU exports rose 4%, while
                # non-EU exports fell 2%"); one that this figure continues does not ("up 30.5% at $162bn")
                floor = sent.start
                if same_sent and fig_spans[n - 1] is not None and _CLAUSE_BREAK.search(between):
                    floor = fig_spans[n - 1].end
                if rec["metric"] == "other" and same_sent and prev["metric"] != "other" \
                        and continues(doc, fig_spans[n - 1], span, sent_metrics[sent.start], toks):
                    # "production grew by 2.5 per cent ..., but fell short of its target by 0.8 percent"
                    rec["metric"], rec["metric_text"] = prev["metric"], prev["metric_text"]
                rec["reporter"], rec["partner"] = economies(doc, sent, span, sent_regions[sent.start],
                                                            sent_metrics[sent.start], rec["metric"], floor, toks)
                rec["period"], rec["_period_owned"] = figure_period(periods, text, sent, f, found, prev)
            pair = sent_pair[sent.start] or carry.get("pair")
            if pair and rec["metric"] in PARTNER_METRICS:
                if rec["reporter"] in pair and rec["partner"] is None:
                    # "Britain and India signed a deal that will cut Indian tariffs": the other party
                    rec["partner"] = pair[1] if rec["reporter"] == pair[0] else pair[0]
                elif rec["reporter"] is None and re.search(r"\b(?:two|both)\s+(?:countries|sides|nations|economies)\b",
                                                           text[sent.start_char:sent.end_char]):
                    rec["reporter"], rec["partner"] = pair  # "trade between the two countries"
            if sent_pair[sent.start]:
                carry["pair"] = sent_pair[sent.start]
            if not story_dominant:
                story_dominant += [dominant([c for c in article_regions if is_country(c)]), dominant(article_regions)]
            story = carry["reporter"] or story_dominant[0]
            if rec["metric"] == "exports" and rec["partner"] is None and is_country(story) \
                    and re.search(r"(?i)\bforeign\s+(?:[a-z-]+\s+)?exports\b", text[sent.start_char:f.start]):
                # "foreign oil exports surged" in a story about the US: other countries' exports to the US
                rec["partner"], rec["reporter"] = story, None
            if rec["reporter"] and not is_country(rec["reporter"]) and is_country(story) \
                    and rec["metric"] in ("exports", "imports") and rec["partner"] is None:
                # "EU exports rose 2%" in a story about the UK's trade: the UK's exports to the EU
                rec["reporter"], rec["partner"] = story, rec["reporter"]
            if rec["partner"] is None and carry["metric"] == rec["metric"] and carry["sent"] >= 0 \
                    and carry["partner"] != rec["reporter"] and rec["metric"] in PARTNER_METRICS:
                # "US aircraft will face tariffs of 15%. The EU will apply border taxes of 25%": same counterpart
                rec["partner"] = carry["partner"]
            if "EU" in article_regions and rec["metric"] in PARTNER_METRICS:
                # "US aircraft imported to Europe will face tariffs" in a story about the EU: Europe trades as the EU
                for k in ("reporter", "partner"):
                    if rec[k] == "150":
                        rec[k] = "EU"
            guessed = False
            if rec["reporter"] is None:
                cur = _CURRENCY_COUNTRY.get(f.unit)
                guesses = [carry["reporter"], cur if cur != "US" else None, story_dominant[1], cur]
                rec["reporter"] = next((g for g in guesses if g and g != rec["partner"]), None)
                if rec["reporter"] is None and rec["partner"] and rec["metric"] == "tariff":
                    # "80% tariffs on Chinese goods" in a story about the US and China: the story's other economy
                    # imposes them (a guess: not carried on to the next figure)
                    rec["reporter"] = dominant([c for c in article_regions if is_country(c) and c != rec["partner"]])
                    guessed = True
            if rec["period"] is None:
                rec["period"] = main_period(stated_periods)
            elif not rec.pop("_period_owned", False):
                stated_periods.append(rec["period"])
            if rec["forecast"] == "modal":
                # "would cut the deficit by 10 pct" is a forecast; "would apply tariffs of 25%" is the policy
                rec["forecast"] = rec["metric"] not in _POLICY_METRICS
            rec["forecast"] = bool(rec["forecast"])
            rec["_sent"] = sent.start
            records.append(rec)
            carry.update(reporter=carry["reporter"] if guessed else rec["reporter"], partner=rec["partner"],
                         metric=rec["metric"], sent=sent.start)
        # a range's low end says what its high end says
        kept = [f for f, s in zip(found, fig_spans) if s is not None]  # aligned with records
        for i in range(len(kept) - 1):
            a, b = records[i], records[i + 1]
            if a["_sent"] == b["_sent"] and CHAIN.match(text[kept[i].end:kept[i + 1].start]):
                # "fell by 15% to £971m": one movement, one economy
                for k in ("reporter", "partner"):
                    if a[k] is None and b[k] is not None:
                        a[k] = b[k]
                    elif b[k] is None and a[k] is not None:
                        b[k] = a[k]
        for i, f in enumerate(kept[:-1]):
            if f.range_role == "low":
                lo, hi = records[i], records[i + 1]
                # the movement word stands before the low end ("rise by 3 to 4 percent"), a comparative after
                # the high end ("3 to 4 pct higher"); the "to" between the ends is no "rose to" level
                src = lo if lo["direction"] else hi
                lo["direction"] = hi["direction"] = src["direction"]
                lo["kind"] = hi["kind"] = src["kind"]
                lo["basis"] = hi["basis"] = lo["basis"] or hi["basis"]
                for k in ("metric", "metric_text", "reporter", "partner", "period", "forecast"):
                    if k == "forecast" or lo[k] in (None, "other"):
                        lo[k] = hi[k] if k != "forecast" else (lo[k] or hi[k])
        if self.range_ends == "first":
            records = [r for r, f in zip(records, kept) if f.range_role != "high" and not f.second_of_pair]
        for r in records:
            r.pop("_sent", None)
            r.pop("_period_owned", None)
            r.pop("_bracket", None)
        doc._.nf_figures = records
        return doc


def _elliptic(text: str, found: list[Found]) -> list[Found]:
    """"declined 0.6 pct and government spending by 0.2": a bare number after "by" that repeats the unit of a
    figure just before it in the same sentence"""
    out = []
    if not any(f.unit in ("%", "pp") for f in found):
        return out  # it repeats a percentage or a point change, so there must be one
    for m in _ELLIPTIC.finditer(text):
        start = m.start(1)
        prev = [f for f in found if f.end <= m.start() and m.start() - f.end < 80]
        if not prev or prev[-1].unit not in ("%", "pp"):
            continue
        gap = text[prev[-1].end:m.start()]
        if re.search(r"[.!?;]\s|\n\s*\n|\n[ \t]", gap) or any(f.start <= start < f.end for f in found):
            continue
        if float(m.group(1)) >= 100 or re.fullmatch(r"(?:1[89]|20)\d\d", m.group(1)):
            continue  # "to three pct by 1991": a year
        out.append(Found(start, m.end(1), m.group(1), float(m.group(1)), prev[-1].unit, "percent-elliptic",
                         float(m.group(1))))
    return out


_POLICY_METRICS = {"tariff", "subsidy", "investment", "other", "interest_rate"}
@Language.factory("newsfacts_figures", default_config={"range_ends": "both"})
def make_figure_extractor(nlp: Language, name: str, range_ends: str) -> FigureExtractor:
    return FigureExtractor(nlp, range_ends)
