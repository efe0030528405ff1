"""What a figure measures: the metric phrase of its clause that it belongs to.

Example:
    >>> import spacy
    >>> from extractor.figure_find import find_figures
    >>> from extractor.metrics import metric_mentions
    >>> doc = spacy.blank("en")("China's trade surplus rose to $90 billion.")
    >>> f = find_figures(doc.text)[0]
    >>> span = doc.char_span(f.start, f.end)
    >>> figure_metric(metric_mentions(doc, 0, len(doc)), span, doc, f, set(range(span.start, span.end)))
    ('trade_surplus', 'trade surplus')
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.figure_context import DIRECTION_NOUNS
from extractor.figure_find import Found
from extractor.figure_sentences import Toks
from extractor.metrics import MetricMention
from extractor.patterns import load_json

_NOT_IN_COMPOUND = {"in", "of", "on", "to", "for", "from", "at", "by", "and", "or", "after", "before", "while", "as",
                    "than", "with", "but", "since", "until", "when", "which", "that", "is", "was", "were", "are"}
_PRICE_WORDS = {"price", "prices", "priced", "fares", "rent", "rents", "house prices", "home prices"}
_MOVES = frozenset(w for ws in load_json("directions.json")["verbs"].values() for w in ws)
_UNIT_METRIC = {"job": "employment", "worker": "employment", "position": "employment", "employee": "employment"}


def figure_metric(mentions: list[MetricMention], span, doc: Doc, f: Found, skip: set,
                  toks: Toks | None = None) -> tuple[str, str | None]:
    if f.unit in _UNIT_METRIC:
        # "236 manufacturing jobs": the counted unit says what is measured
        return _UNIT_METRIC[f.unit], None
    T = toks if toks is not None else Toks(doc, doc.text)
    best, best_score = None, 22.0
    for m in mentions:
        if m.start >= 2 and T.low(m.start - 1) == "of" and (m.start - 2 in skip or T.text_of(m.start - 2) == "%") \
                and m.end <= span.start:
            continue  # "a deficit of 3% of GDP, down from 4.5%": GDP is the base of a ratio, not what is measured
        if m.text.lower() == "economy" and f.unit != "%":
            continue  # "the economy" measures growth only as a rate ("the economy has expanded by 9.5%")
        if any(T.low(i) in ("excluding", "except", "excl", "ex-", "less") for i in range(max(0, m.start - 3), m.start)):
            continue  # "imports, excluding oil and wheat, totalled": what is left out is not what is measured
        if m.end <= span.start:
            # the words, commas, brackets and clause words between the phrase and the figure (whole numbers: the
            # float sum comes out the same in any order)
            score = 0.0
            for i, w in enumerate(T.lows(m.end, span.start), m.end):
                if i in skip or w.isspace():
                    continue
                if not T.punct(i):
                    score += 1
                if w in (",", "(", ")"):  # (lower case changes none of these)
                    score += 3
                elif w in (";", ":"):
                    score += 8
                elif w in ("while", "but", "although", "whereas", "after", "and"):
                    score += 5
        elif m.start >= span.end:
            toks_ = [i for i in range(span.end, m.start) if not T.space(i) and i not in skip]
            gap = [i for i in toks_ if not T.punct(i) or T.text_of(i) in (",", ";")]
            words = [T.low(i) for i in gap]
            if any(w in (",", ";") for w in words):
                continue
            if not words:
                score = 0.0
            elif words[:2] == ["worth", "of"] and len(words) <= 3:
                score = 0.0
            elif words[0] in DIRECTION_NOUNS and len(words) > 1 and words[1] in ("in", "of") and len(words) <= 5:
                score = 0.0
            elif words[0] in ("in", "of", "on") and len(words) <= 4:
                score = 1.5 * len(words) + 1
            elif words[0] == "to" and len(words) <= 3 and not any(T.like_num(i) for i in gap):
                score = 1.5 * len(words) + 2  # "could add £1 billion to UK exports"
            elif len(words) <= 3 and re.fullmatch(r"\w+(?:-\w+)+", "".join(T.text_of(i) for i in toks_)):
                score = 0.5  # "a $600 billion private-sector-led infrastructure push"
            elif len(words) <= 2 and all(T.text_of(i).isalpha() and T.text_of(i).islower() or
                                         T.text_of(i)[:1].isupper() for i in gap) \
                    and not any(T.low(i) in _NOT_IN_COMPOUND or T.low(i) in DIRECTION_NOUNS or T.low(i) in _MOVES
                                for i in gap):
                score = 1.0  # "a 10% baseline tariff", "a $37 billion U.S. trade surplus"
            else:
                continue
        else:
            continue
        if m.metric == "price" and m.text.lower() not in _PRICE_WORDS and not (f.unit and f.unit.isupper()):
            # a commodity is priced in money; for other units it is the price only where it moves itself
            # ("gold rose over 1%"), not in "73 million tonnes of soybeans, up 8%"
            nxt = T.low(m.end) if m.end < T.n else ""
            if f.unit not in ("%", "pp", "bp") or not (nxt in _MOVES or nxt in ("prices", "price", "futures")):
                continue
        if score < best_score:
            best, best_score = m, score
    if best is None:
        return ("market_index" if f.unit == "point" else "other"), None
    # "imports of crude oil rose 9.3%": the head of "X of Y" is what is measured
    for m in mentions:
        if m.end < best.start and best.start - m.end <= 3 and best.end <= span.start \
                and any(T.low(i) == "of" for i in range(m.end, best.start)) \
                and all(T.low(i) in ("of", "the", "crude", "refined", "raw", "all", "its") or T.text_of(i).isalpha()
                        and not T.text_of(i).istitle() for i in range(m.end, best.start)):
            return m.metric, m.text
    return best.metric, best.text


def continues(doc: Doc, before, span, mentions: list[MetricMention], toks: Toks | None = None) -> bool:
    """whether the clause of `span` goes on about the subject of the figure `before`: no metric named between
    them, and the new clause opens on a movement verb ("..., but fell short", "after rising", "and falling")"""
    if before is None or any(before.end <= m.start < span.start for m in mentions):
        return False
    T = toks if toks is not None else Toks(doc, doc.text)
    words = [T.low(i) for i in range(before.end, span.start) if not T.space(i)]
    seps = [i for i, w in enumerate(words) if w in (",", "but", "and", "after", "before", "while", "then")]
    if not seps:
        return False
    rest = [w for w in words[seps[-1] + 1:] if w not in ("also", "then", "only", "still")]
    return bool(rest) and rest[0] in _MOVES
