"""Who a figure is about: the reporter economy and its partner, read from the region spans around the figure.

Example:
    >>> is_country("CN"), is_country("EU"), dominant(["US", "CN", "CN", "US"])
    (True, False, 'US')
"""
from __future__ import annotations

from spacy.tokens import Doc

from extractor.figure_sentences import Toks
from extractor.metrics import MetricMention

_PARTNER_PREPS = {"to", "from", "with", "against", "on", "into", "toward", "towards", "between", "and", "vs", "versus"}
_GOODS = {"goods", "products", "imports", "exports", "steel", "cars", "aircraft", "vehicles", "produce", "shipments",
          "electronics", "wine", "companies", "firms", "made"}
# metrics that have a counterpart economy (a price, an index or a growth rate has none)
PARTNER_METRICS = frozenset({"exports", "imports", "trade_surplus", "trade_deficit", "trade_balance", "trade_volume",
                             "tariff", "investment", "subsidy", "sales", "current_account"})
_SKIP_BEFORE_REGION = {"the", "other", "rest", "of", "its", "their", "fellow", "neighbouring", "neighboring", "a",
                       "an", "major", "key", "top", "all"}


def region_pair(doc: Doc, sent, regions, toks: Toks | None = None) -> tuple[str, str] | None:
    """"Britain and India", "the US and China": two economies named as a pair"""
    T = toks if toks is not None else Toks(doc, doc.text)
    in_sent = [r for r in regions if sent.start <= r.start < sent.end]
    for a, b in zip(in_sent, in_sent[1:]):
        if b.start - a.end == 1 and T.low(a.end) == "and" and a.label_ != b.label_:
            return a.label_, b.label_
    return None


def dominant(codes: list[str]) -> str | None:
    if not codes:
        return None
    # ties go to the economy named first: deterministic, and usually the one the story is about
    return max(codes, key=lambda c: (codes.count(c), -codes.index(c)))


def economies(doc: Doc, sent, span, regions, mentions: list[MetricMention], metric: str,
              floor: int, toks: Toks | None = None) -> tuple[str | None, str | None]:
    """reporter: the economy the metric belongs to; partner: its counterpart, from the region spans.
    Regions before `floor` (the end of the figure before this one in the sentence) belong to that figure."""
    T = toks if toks is not None else Toks(doc, doc.text)
    in_sent = [r for r in regions if floor <= r.start < sent.end]
    mentions = [m for m in mentions if m.start >= floor]
    if not in_sent:
        return None, None
    # the metric phrase this figure is read against: nearest before it, else just after it
    before = [m for m in mentions if m.end <= span.start]
    anchor = before[-1] if before else next((m for m in mentions if m.start >= span.end), None)
    anchor_start = anchor.start if anchor else span.start
    anchor_end = anchor.end if anchor else span.end
    anchor_prep = anchor is not None and T.low(anchor.end - 1) in ("with", "to", "from", "between")
    reporter = possessive = reporter_for = partner = partner_before = goods_partner = None
    for r in in_sent:
        prev = T.low(r.start - 1) if r.start > sent.start else ""
        prev2 = T.low(r.start - 2) if r.start - 1 > sent.start else ""
        if prev == "non" or (prev == "-" and prev2 == "non"):
            continue  # "non-EU exports"
        # "to the rest of Asia", "to other EU countries": the preposition before the determiners
        k = r.start - 1
        while k > sent.start and k > r.start - 5 and T.low(k) in _SKIP_BEFORE_REGION:
            k -= 1
        prev = T.low(k) if k >= sent.start and k < r.start else prev
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
                and T.low(k - 1) in ("imported", "shipped", "sold", "exported", "coming", "entering"):
            reporter_for = reporter_for or r.label_  # "US aircraft imported to Europe will face tariffs"
            continue
        nxt = T.low(r.end) if r.end < T.n else ""
        owns = nxt in ("'s", "’s")
        nxt = T.low(r.end + 1) if owns and r.end + 1 < T.n else nxt
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
    if metric in PARTNER_METRICS and not reporter_for:
        # "trade between the United States and China fell 5%": the first named reports, the second is the partner
        for a, b in zip(in_sent, in_sent[1:]):
            k = a.start - 1
            while k > sent.start and T.low(k) in _SKIP_BEFORE_REGION:
                k -= 1
            j = a.end + (T.low(a.end + 1) == "the")
            if T.low(k) == "between" and T.low(a.end) == "and" and b.start == j + 1 and a.label_ != b.label_ \
                    and abs(a.start - anchor_end) <= 3:
                return a.label_, b.label_
    if partner == reporter:
        # "Beijing should open up ... and 80% tariffs on Chinese goods": the preposition names the partner
        # plainly; the reporter is left to what the story carries
        reporter = None
    return reporter, partner


def is_country(code: str | None) -> bool:
    return code is not None and len(code) == 2 and code not in ("EU", "EZ")
