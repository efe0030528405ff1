"""Figures: money, percentages and counted quantities, normalised, with what they measure.

The spaCy component "newsfacts_figures" sets `doc._.nf_figures` to a list of dicts with the Figure fields of
extractor/models.py. Steps, each its own module:

    figure_find.py    the figure shapes of patterns/figures.jsonl over the text: value, unit, ranges
    figure_context.py the words around each figure: qualifier, direction, kind, forecast, record, basis
    metrics.py        what it measures (patterns/metrics.json)
    periods.py        when (patterns/periods.json), against `doc._.published`
    here              who: reporter and partner from the region spans, and what carries across sentences

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

import re

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.figure_context import DIRECTION_NOUNS as _DIRECTION_NOUNS
from extractor.figure_context import Context, FigureContext
from extractor.figure_find import Found, find_figures
from extractor.metrics import MetricMention, metric_mentions
from extractor.patterns import load_json
from extractor.periods import Mention, period_mentions, reference_date, shift_month, shift_year

for _name, _default in (("nf_figures", None), ("published", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

REGIONS_KEY = "nf_regions"
# prepositions that make a region the counterpart rather than the economy measured
_PARTNER_PREPS = {"to", "from", "with", "against", "on", "into", "toward", "towards", "between", "and", "vs", "versus"}
_GOODS = {"goods", "products", "imports", "exports", "steel", "cars", "aircraft", "vehicles", "produce", "shipments",
          "electronics", "wine", "companies", "firms", "made"}
_SKIP_BEFORE_REGION = {"the", "other", "rest", "of", "its", "their", "fellow", "neighbouring", "neighboring", "a",
                       "an", "major", "key", "top", "all"}
_CURRENCY_COUNTRY = {"USD": "US", "GBP": "GB", "EUR": "EZ", "JPY": "JP", "CNY": "CN", "CAD": "CA", "AUD": "AU",
                     "INR": "IN", "KRW": "KR", "SUR": "SU", "RUB": "RU", "HKD": "HK", "CHF": "CH", "MYR": "MY"}
_FORECAST_OF = re.compile(r"(?:forecast|forecasts|expectations?|estimates?|consensus|prediction)\s+(?:of|for)\s+"
                          r"(?:about\s+|around\s+)?$", re.I)
_APPOSITION = re.compile(r"^\s*,?\s*or\s+(?:about\s+|around\s+|nearly\s+)?$", re.I)
_PAREN = re.compile(r"^\s*[(\[]\s*(?:about|around|nearly|roughly|some|approximately|almost|over|more\s+than|"
                    r"less\s+than|up\s+to|or)?\s*$", re.I)
_CHAIN = re.compile(r"^[^,;()]{0,30}?\b(?:to|at)\s+(?:a\s+)?(?:new\s+)?(?:record\s+)?(?:of\s+)?$", re.I)
_ELLIPTIC = re.compile(r"\bby\s+(\d+(?:\.\d+)?)(?![\w%]|[.,]\d)")

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
        text = doc.text
        found = find_figures(text)
        found += _elliptic(text, found)
        found.sort(key=lambda f: f.start)
        home = next((r.label_ for r in doc.spans.get(REGIONS_KEY, []) if len(r.label_) == 2), None)
        _currency_context(found, text, doc._.published, home)
        if not found:
            doc._.nf_figures = []
            return doc
        ref = reference_date(doc._.published, text)
        sents = figure_sentences(doc, text)
        fig_spans = []
        for f in found:
            span = doc.char_span(f.start, f.end, alignment_mode="expand")
            fig_spans.append(span)
        skip = {i for s in fig_spans if s is not None for i in range(s.start, s.end)}
        periods = []
        for sent in sents:
            # only the sentences that hold figures: a period elsewhere says nothing of any figure
            if any(sent.start_char <= f.start < sent.end_char for f in found):
                periods += period_mentions(text, ref, sent.start_char, sent.end_char)
        periods = [m for m in periods if not any(f.start < m.end and m.start < f.end for f in found)]
        region_spans = list(doc.spans.get(REGIONS_KEY, []))
        article_regions = [r.label_ for r in region_spans if len(r.label_) == 2]
        sent_metrics: dict[int, list[MetricMention]] = {}
        records: list[dict] = []
        carry = {"reporter": None, "partner": None, "metric": None, "sent": -1}
        stated_periods: list[str] = []
        sent_of = {}
        for sent in sents:
            for i in range(sent.start, sent.end):
                sent_of[i] = sent
        for n, (f, span) in enumerate(zip(found, fig_spans)):
            if span is None:
                continue
            sent = sent_of[span.start]
            if sent.start not in sent_metrics:
                sent_metrics[sent.start] = metric_mentions(doc, sent.start, sent.end, skip)
            ctx = Context(doc, sent, span, f, [s for s in fig_spans if s is not None and sent_of[s.start] is sent],
                          skip, text)
            rec = self.context.read(ctx)
            prev = records[-1] if records else None
            prev_found = found[n - 1] if n else None
            between = text[prev_found.end:f.start] if prev_found else ""
            same_sent = prev is not None and prev["_sent"] == sent.start
            if same_sent and (_PAREN.match(between) or (prev.get("_bracket") and re.fullmatch(r"\s*[;,]\s*", between))):
                # "$4bn (£3bn)", "22,201bn yen ($214.6bn; £114.5bn)": the bracket restates the figure before it
                rec.update({k: prev[k] for k in COPIED})
                rec["_bracket"] = True
            else:
                metric, metric_text = _metric(sent_metrics[sent.start], span, doc, f, skip)
                rec["metric"], rec["metric_text"] = metric, metric_text
                if same_sent and (_FORECAST_OF.search(text[sent.start_char:f.start])
                                  and prev["kind"] == "change" and rec["forecast"]):
                    # "exports rose 5.9%, exceeding economists' forecast of 4%": the forecast is of that rise
                    rec.update({k: prev[k] for k in ("direction", "kind", "metric", "reporter", "partner", "period")})
                    rec["metric_text"] = None
                elif same_sent and _APPOSITION.match(between) and f.range_role is None:
                    # "lost 190 points, or 0.6%": the same movement in other units
                    rec.update({k: prev[k] for k in ("direction", "kind", "metric", "metric_text")})
                elif same_sent and rec["direction"] is None and prev["direction"] and prev["kind"] == "change" \
                        and re.search(r"\bby\s+$", text[max(0, f.start - 4):f.start]):
                    # "Consumer spending declined 0.6 pct and government spending by 0.2"
                    rec["direction"], rec["kind"] = prev["direction"], "change"
                # a figure before this one in another clause keeps its own regions ("EU exports rose 4%, while
                # non-EU exports fell 2%"); one that this figure continues does not ("up 30.5% at $162bn")
                floor = sent.start
                if same_sent and fig_spans[n - 1] is not None and re.search(r"[,;]|\b(?:and|while|but|whereas)\b",
                                                                           between):
                    floor = fig_spans[n - 1].end
                if rec["metric"] == "other" and same_sent and prev["metric"] != "other" \
                        and _continues(doc, fig_spans[n - 1], span, sent_metrics[sent.start]):
                    # "production grew by 2.5 per cent ..., but fell short of its target by 0.8 percent"
                    rec["metric"], rec["metric_text"] = prev["metric"], prev["metric_text"]
                rec["reporter"], rec["partner"] = _who(doc, sent, span, region_spans, sent_metrics[sent.start],
                                                       rec["metric"], floor)
                rec["period"], rec["_period_owned"] = _period(periods, text, sent, f, found, prev)
            pair = _region_pair(doc, sent, region_spans) or carry.get("pair")
            if pair and rec["metric"] != "other":
                if rec["reporter"] in pair and rec["partner"] is None:
                    # "Britain and India signed a deal that will cut Indian tariffs": the other party
                    rec["partner"] = pair[1] if rec["reporter"] == pair[0] else pair[0]
                elif rec["reporter"] is None and re.search(r"\b(?:two|both)\s+(?:countries|sides|nations|economies)\b",
                                                           text[sent.start_char:sent.end_char]):
                    rec["reporter"], rec["partner"] = pair  # "trade between the two countries"
            if _region_pair(doc, sent, region_spans):
                carry["pair"] = _region_pair(doc, sent, region_spans)
            story = carry["reporter"] or _dominant([c for c in article_regions if _is_country(c)])
            if rec["metric"] == "exports" and rec["partner"] is None and _is_country(story) \
                    and re.search(r"(?i)\bforeign\s+(?:[a-z-]+\s+)?exports\b", text[sent.start_char:f.start]):
                # "foreign oil exports surged" in a story about the US: other countries' exports to the US
                rec["partner"], rec["reporter"] = story, None
            if rec["reporter"] and not _is_country(rec["reporter"]) and _is_country(story) \
                    and rec["metric"] in ("exports", "imports") and rec["partner"] is None:
                # "EU exports rose 2%" in a story about the UK's trade: the UK's exports to the EU
                rec["reporter"], rec["partner"] = story, rec["reporter"]
            if rec["partner"] is None and carry["metric"] == rec["metric"] and carry["sent"] >= 0 \
                    and carry["partner"] != rec["reporter"] and rec["metric"] != "other":
                # "US aircraft will face tariffs of 15%. The EU will apply border taxes of 25%": same counterpart
                rec["partner"] = carry["partner"]
            if rec["reporter"] is None:
                cur = _CURRENCY_COUNTRY.get(f.unit)
                guesses = [carry["reporter"], cur if cur != "US" else None, _dominant(article_regions), cur]
                rec["reporter"] = next((g for g in guesses if g and g != rec["partner"]), None)
            if rec["period"] is None:
                rec["period"] = _main_period(stated_periods)
            elif not rec.pop("_period_owned", False):
                stated_periods.append(rec["period"])
            if rec["forecast"] == "modal":
                # "would cut the deficit by 10 pct" is a forecast; "would apply tariffs of 25%" is the policy
                rec["forecast"] = rec["metric"] not in _POLICY_METRICS
            rec["forecast"] = bool(rec["forecast"])
            rec["_sent"] = sent.start
            records.append(rec)
            carry.update(reporter=rec["reporter"], partner=rec["partner"], metric=rec["metric"], sent=sent.start)
        # a range's low end says what its high end says
        kept = [f for f, s in zip(found, fig_spans) if s is not None]  # aligned with records
        for i in range(len(kept) - 1):
            a, b = records[i], records[i + 1]
            if a["_sent"] == b["_sent"] and _CHAIN.match(text[kept[i].end:kept[i + 1].start]):
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


_TERMINAL = tuple('.!?:;"”’')


def figure_sentences(doc: Doc, text: str | None = None) -> list:
    """The sentences of doc, with hard-wrapped lines joined again: wire copy breaks lines mid-sentence
    ("grew by\n2.5 per cent"), and a figure needs its whole sentence. A line break joins when the line before it
    has no final stop and the next line reads on (lower case, a digit, or the line before is a full-width one);
    a blank or indented line always ends the sentence."""
    text = doc.text if text is None else text
    out = []
    cur = None
    # hard-wrapped copy (most lines break mid-sentence) may break before a capital too ("a priority in\nKremlin
    # plans"); in one-paragraph-a-line copy, a line without a stop before a capital is a headline
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    wrapped = len(lines) >= 4 and sum(not ln.endswith(_TERMINAL) for ln in lines) > len(lines) / 2
    # sentence starts read as one array: Doc.sents builds a Token object per token
    starts = [int(i) for i in numpy.flatnonzero(doc.to_array("SENT_START") == 1)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    for a, b in zip(starts, starts[1:] + [len(doc)]):
        sent = doc[a:b]
        stext = text[sent.start_char:sent.end_char]
        if not stext.strip():
            continue
        if cur is not None:
            last = text[cur.start_char:cur.end_char].rstrip()
            gap = text[cur.start_char + len(last):sent.start_char + len(stext) - len(stext.lstrip())]
            line = last.rsplit("\n", 1)[-1]
            first = stext.lstrip()[:1]
            if not gap.strip() and gap.count("\n") == 1 and not gap.endswith((" ", "\t")) \
                    and not last.endswith(_TERMINAL) and (first.islower() or first.isdigit() or first == "("
                                                          or (wrapped and len(line) >= 50)):
                cur = doc[cur.start:sent.end]
                continue
            out.append(cur)
        cur = doc[sent.start:sent.end]
    if cur is not None:
        out.append(cur)
    # tokens between kept sentences (blank lines) belong to the sentence before them
    full = []
    prev_end = 0
    for i, s in enumerate(out):
        end = out[i + 1].start if i + 1 < len(out) else len(doc)
        full.append(doc[prev_end if i == 0 else s.start:end])
        prev_end = end
    return full


_YUAN_WORDS = re.compile(r"\b(?:yuan|renminbi|RMB|China|Chinese|Beijing)\b")
_YEN_WORDS = re.compile(r"\b(?:yen|Japan|Japanese|Tokyo)\b")
_DOLLAR_WORD = re.compile(r"(?i)\b(?:dollars?|dlrs?|dls)\b")
_US_QUALIFIER = re.compile(r"\bU\.S\.|\bUS\b|\bAmerican\b")


def _currency_context(found: list[Found], text: str, published: str | None, home: str | None = None) -> None:
    """"1.25 billion Canadian dlrs ... 623 mln dlrs": once a story names its dollar, a bare "dlrs" is that
    dollar, and in a story from a dollar country ("WELLINGTON - New Zealand's deficit ... 78 mln dlrs") it is
    that country's; roubles before 1992 (or in a Soviet story) are Soviet roubles"""
    units = load_json("units.json")
    soviet = units["soviet_currency"]
    year = int(published[:4]) if published and published[:4].isdigit() else None
    is_soviet = (year is not None and year < soviet["before_year"]) or any(w in text for w in soviet["context"])
    sticky = units["home_dollars"].get(home or "")
    # "¥" is the yen's sign and the yuan's: the story's words decide
    yuan = len(_YUAN_WORDS.findall(text)) > len(_YEN_WORDS.findall(text))
    last_money = None
    for i, f in enumerate(found):
        if yuan and f.unit == "JPY" and f.text.startswith("¥"):
            f.unit = "CNY"
        if f.unit == "RUB" and is_soviet:
            f.unit = soviet["RUB"]
        if f.pattern_id == "money-elliptic" and last_money:
            f.unit = last_money  # "78 mln dlrs ... from 93 mln": the amount before, as it now reads
        if f.unit and f.unit.isupper():
            last_money = f.unit
        if f.pattern_id != "money-word" or not _DOLLAR_WORD.search(f.text):
            continue
        if f.unit != "USD":
            sticky = f.unit
        elif sticky and not _US_QUALIFIER.search(f.text):
            f.unit = last_money = sticky
            if i and found[i - 1].range_role == "low":
                found[i - 1].unit = sticky


def _elliptic(text: str, found: list[Found]) -> list[Found]:
    """"declined 0.6 pct and government spending by 0.2": a bare number after "by" that repeats the unit of a
    figure just before it in the same sentence"""
    out = []
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


def _metric(mentions: list[MetricMention], span, doc: Doc, f: Found, skip: set) -> tuple[str, str | None]:
    if f.unit in _UNIT_METRIC:
        # "236 manufacturing jobs": the counted unit says what is measured
        return _UNIT_METRIC[f.unit], None
    best, best_score = None, 22.0
    for m in mentions:
        if m.start >= 2 and doc[m.start - 1].lower_ == "of" and (m.start - 2 in skip or doc[m.start - 2].text == "%") \
                and m.end <= span.start:
            continue  # "a deficit of 3% of GDP, down from 4.5%": GDP is the base of a ratio, not what is measured
        if m.text.lower() == "economy" and f.unit != "%":
            continue  # "the economy" measures growth only as a rate ("the economy has expanded by 9.5%")
        if any(t.lower_ in ("excluding", "except", "excl", "ex-", "less") for t in doc[max(0, m.start - 3):m.start]):
            continue  # "imports, excluding oil and wheat, totalled": what is left out is not what is measured
        if m.end <= span.start:
            gap = [t for t in doc[m.end:span.start] if not t.is_space and t.i not in skip]
            score = float(len([t for t in gap if not t.is_punct]))
            score += sum(3 for t in gap if t.text in (",", "(", ")")) + sum(8 for t in gap if t.text in (";", ":"))
            score += sum(5 for t in gap if t.lower_ in ("while", "but", "although", "whereas", "after", "and"))
        elif m.start >= span.end:
            toks = [t for t in doc[span.end:m.start] if not t.is_space and t.i not in skip]
            gap = [t for t in toks if not t.is_punct or t.text in (",", ";")]
            words = [t.lower_ for t in gap]
            if any(w in (",", ";") for w in words):
                continue
            if not words:
                score = 0.0
            elif words[:2] == ["worth", "of"] and len(words) <= 3:
                score = 0.0
            elif words[0] in _DIRECTION_NOUNS and len(words) > 1 and words[1] in ("in", "of") and len(words) <= 5:
                score = 0.0
            elif words[0] in ("in", "of", "on") and len(words) <= 4:
                score = 1.5 * len(words) + 1
            elif words[0] == "to" and len(words) <= 3 and not any(t.like_num for t in gap):
                score = 1.5 * len(words) + 2  # "could add £1 billion to UK exports"
            elif len(words) <= 3 and re.fullmatch(r"\w+(?:-\w+)+", "".join(t.text for t in toks)):
                score = 0.5  # "a $600 billion private-sector-led infrastructure push"
            elif len(words) <= 2 and all(t.is_alpha and t.is_lower or t.text[:1].isupper() for t in gap) \
                    and not any(t.lower_ in _NOT_IN_COMPOUND or t.lower_ in _DIRECTION_NOUNS or t.lower_ in _MOVES
                                for t in gap):
                score = 1.0  # "a 10% baseline tariff", "a $37 billion U.S. trade surplus"
            else:
                continue
        else:
            continue
        if m.metric == "price" and m.text.lower() not in _PRICE_WORDS and not (f.unit and f.unit.isupper()):
            # a commodity is priced in money; for other units it is the price only where it moves itself
            # ("gold rose over 1%"), not in "73 million tonnes of soybeans, up 8%"
            nxt = doc[m.end].lower_ if m.end < len(doc) else ""
            if f.unit not in ("%", "pp", "bp") or not (nxt in _MOVES or nxt in ("prices", "price", "futures")):
                continue
        if score < best_score:
            best, best_score = m, score
    if best is None:
        return ("market_index" if f.unit == "point" else "other"), None
    # "imports of crude oil rose 9.3%": the head of "X of Y" is what is measured
    for m in mentions:
        if m.end < best.start and best.start - m.end <= 3 and best.end <= span.start \
                and any(t.lower_ == "of" for t in doc[m.end:best.start]) \
                and all(t.lower_ in ("of", "the", "crude", "refined", "raw", "all", "its") or t.is_alpha and not
                        t.is_title for t in doc[m.end:best.start]):
            return m.metric, m.text
    return best.metric, best.text


_NOT_IN_COMPOUND = {"in", "of", "on", "to", "for", "from", "at", "by", "and", "or", "after", "before", "while", "as",
                    "than", "with", "but", "since", "until", "when", "which", "that", "is", "was", "were", "are"}
_POLICY_METRICS = {"tariff", "subsidy", "investment", "other", "interest_rate"}
_PRICE_WORDS = {"price", "prices", "priced", "fares", "rent", "rents", "house prices", "home prices"}
_MOVES = frozenset(w for ws in load_json("directions.json")["verbs"].values() for w in ws)
_UNIT_METRIC = {"job": "employment", "worker": "employment", "position": "employment", "employee": "employment"}


def _main_period(stated: list[str]) -> str | None:
    """the period the story is about: the one its figures state most (ties: the first stated)"""
    if not stated:
        return None
    return max(stated, key=lambda p: (stated.count(p), -stated.index(p)))


def _region_pair(doc: Doc, sent, regions) -> tuple[str, str] | None:
    """"Britain and India", "the US and China": two economies named as a pair"""
    in_sent = [r for r in regions if sent.start <= r.start < sent.end]
    for a, b in zip(in_sent, in_sent[1:]):
        if b.start - a.end == 1 and doc[a.end].lower_ == "and" and a.label_ != b.label_:
            return a.label_, b.label_
    return None


def _continues(doc: Doc, before, span, mentions: list[MetricMention]) -> bool:
    """whether the clause of `span` goes on about the subject of the figure `before`: no metric named between
    them, and the new clause opens on a movement verb ("..., but fell short", "after rising", "and falling")"""
    if before is None or any(before.end <= m.start < span.start for m in mentions):
        return False
    toks = [t for t in doc[before.end:span.start] if not t.is_space]
    seps = [i for i, t in enumerate(toks) if t.lower_ in (",", "but", "and", "after", "before", "while", "then")]
    if not seps:
        return False
    rest = [t.lower_ for t in toks[seps[-1] + 1:] if t.lower_ not in ("also", "then", "only", "still")]
    return bool(rest) and rest[0] in _MOVES


def _has_region(regions, sent) -> bool:
    return any(sent.start <= r.start < sent.end for r in regions)


def _dominant(codes: list[str]) -> str | None:
    if not codes:
        return None
    # ties go to the economy named first: deterministic, and usually the one the story is about
    return max(codes, key=lambda c: (codes.count(c), -codes.index(c)))


def _who(doc: Doc, sent, span, regions, mentions: list[MetricMention], metric: str,
         floor: int) -> tuple[str | None, str | None]:
    """reporter: the economy the metric belongs to; partner: its counterpart, from the region spans.
    Regions before `floor` (the end of the figure before this one in the sentence) belong to that figure."""
    in_sent = [r for r in regions if floor <= r.start < sent.end]
    mentions = [m for m in mentions if m.start >= floor]
    if not in_sent:
        return None, None
    # the metric phrase this figure is read against: nearest before it, else just after it
    before = [m for m in mentions if m.end <= span.start]
    anchor = before[-1] if before else next((m for m in mentions if m.start >= span.end), None)
    anchor_start = anchor.start if anchor else span.start
    anchor_end = anchor.end if anchor else span.end
    anchor_prep = anchor is not None and doc[anchor.end - 1].lower_ in ("with", "to", "from", "between")
    reporter = possessive = reporter_for = partner = partner_before = goods_partner = None
    for r in in_sent:
        prev = doc[r.start - 1].lower_ if r.start > sent.start else ""
        prev2 = doc[r.start - 2].lower_ if r.start - 1 > sent.start else ""
        if prev == "non" or (prev == "-" and prev2 == "non"):
            continue  # "non-EU exports"
        # "to the rest of Asia", "to other EU countries": the preposition before the determiners
        k = r.start - 1
        while k > sent.start and k > r.start - 5 and doc[k].lower_ in _SKIP_BEFORE_REGION:
            k -= 1
        prev = doc[k].lower_ if k >= sent.start and k < r.start else prev
        if span.start <= r.start < span.end:
            reporter_for = reporter_for or r.label_  # "costing 236 U.S. manufacturing jobs"
            continue
        if anchor and r.end <= anchor_start and anchor_start - r.end <= 1 and r.start > span.end:
            reporter_for = reporter_for or r.label_  # "could add £1 billion to UK exports": the region names them
            continue
        if metric == "exports" and prev == "from" and anchor_end <= r.start < span.start:
            reporter_for = reporter_for or r.label_  # "exports of soybeans from the United States to China"
            continue
        if prev == "in" and anchor and anchor_end <= r.start <= anchor_end + 2 and r.start < span.start:
            reporter_for = reporter_for or r.label_  # "steel prices in Europe fell 4%"
            continue
        if metric == "investment" and prev in ("into", "in") and r.start >= anchor_end:
            reporter_for = reporter_for or r.label_  # "foreign direct investment into Vietnam"
            continue
        if metric == "tariff" and prev in ("to", "into") and k > sent.start \
                and doc[k - 1].lower_ in ("imported", "shipped", "sold", "exported", "coming", "entering"):
            reporter_for = reporter_for or r.label_  # "US aircraft imported to Europe will face tariffs"
            continue
        nxt = doc[r.end].lower_ if r.end < len(doc) else ""
        owns = nxt in ("'s", "’s")
        nxt = doc[r.end + 1].lower_ if owns and r.end + 1 < len(doc) else nxt
        if r.start >= anchor_end or (r.start >= span.end and not anchor):
            # after the metric phrase: "exports to the EU", "deficit with China", "tariffs on Chinese goods"
            if prev in _PARTNER_PREPS or nxt in _GOODS or (anchor_prep and r.start - anchor_end <= 4):
                if partner is None and r.start < max(span.end, anchor_end) + 12:
                    partner = r.label_
            elif prev == "for" and r.start >= span.end and r.start - span.end <= 4:
                reporter_for = reporter_for or r.label_  # "compared with $2.2 billion for the United States"
            continue
        if r.start >= anchor_start and r.start < anchor_end:
            # inside the phrase: "the gap between US exports and imports"
            reporter = r.label_
            continue
        # before the metric phrase: the economy it belongs to ("China's trade surplus", "Chinese exports")
        if prev in ("to", "from", "with", "against", "into", "between"):
            if metric in ("exports", "imports", "trade_deficit", "trade_surplus", "trade_volume", "trade_balance",
                          "tariff"):
                partner_before = r.label_
            continue
        if metric == "tariff" and nxt in _GOODS:
            goods_partner = r.label_  # "US aircraft", "Chinese goods": where the taxed goods come from
            continue
        reporter = r.label_
        if owns:
            possessive = r.label_
    reporter = reporter_for or possessive or reporter
    partner = partner or goods_partner or partner_before
    if partner == reporter:
        # "Beijing should open up ... and 80% tariffs on Chinese goods": the preposition names the partner
        # plainly; the reporter is left to what the story carries
        reporter = None
    return reporter, partner


def _is_country(code: str | None) -> bool:
    return code is not None and len(code) == 2 and code not in ("EU", "EZ")


def _period(periods: list[Mention], text: str, sent, f: Found, found: list[Found],
            prev: dict | None) -> tuple[str | None, bool]:
    """the period a figure covers, and whether it is one the figure alone owns ("October's £3.6bn", "from
    £2.1bn in October"), which says nothing of the period the story is about"""
    lo, hi = sent.start_char, sent.end_char
    here = [m for m in periods if lo <= m.start < hi]
    if not here:
        return None, False
    others = [g for g in found if g is not f and lo <= g.start < hi]
    # "October's £3.6bn", "2003's imbalance of $496.5bn": the period owns the figure right after it
    for m in reversed(here):
        if m.end <= f.start and m.value and m.possessive and len(text[m.end:f.start].split()) <= 3 \
                and not any(m.end <= g.start < f.start for g in others):
            return m.value, True
    after_old = re.search(r"\bfrom\s+$", text[max(lo, f.start - 8):f.start], re.I) is not None
    for m in here:
        if m.start < f.end:
            continue
        gap = text[f.end:m.start]
        if m.value is None:
            if not gap.strip():
                # "falling 1.1 pct a year earlier": a year before the period the sentence is about
                anchor = next((x.value for x in here if x.value), None) or (prev or {}).get("period")
                if anchor and m.month_shift:
                    ok = re.fullmatch(r"\d{4}-\d\d", anchor)
                    return (shift_month(anchor, m.month_shift) if ok else None), True
                return (shift_year(anchor, m.shift) if anchor else None), True
            continue
        # a figure in between ends the reach, unless it is this one's new level ("rose 7% to $6bn in May")
        if re.search(r"\bsince\s+(?:the\s+)?$", text[max(lo, m.start - 10):m.start], re.I):
            continue  # "its biggest hike since 1994": where a comparison starts, not the figure's period
        blocked = re.search(r"\b(?:from|than|compared|versus|while|but|whereas|above|below|after|before|since)\b|;",
                            gap,
                            re.I) or any(f.end <= g.start < m.start and not _PAREN.match(text[f.end:g.start])
                                         and not _CHAIN.match(text[f.end:g.start]) for g in others)
        if not blocked or after_old:
            return m.value, after_old
        break
    for m in reversed(here):
        if m.end <= f.start and m.value:
            return m.value, after_old
    return None, False


@Language.factory("newsfacts_figures", default_config={"range_ends": "both"})
def make_figure_extractor(nlp: Language, name: str, range_ends: str) -> FigureExtractor:
    return FigureExtractor(nlp, range_ends)
