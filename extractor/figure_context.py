"""The words around a figure: qualifier, direction, kind, forecast, record and basis.

Lexicons: patterns/directions.json (movement verbs, nouns, comparatives, adverbs) and patterns/figure_context.json
(qualifiers, forecast and record words, basis phrases, clause breaks, link words).

Direction and kind come from a walk leftwards from the figure over link words ("rose by", "rose to a new record
of", "fell short of its target by") to a movement word; "to"/"at"/"from" on the way make the figure the new (or
old) level, otherwise it is the size of the change. A movement noun or comparative right after the figure ("a 7.5%
rise", "£4.5bn higher than") makes it a change too.

Example:
    >>> import spacy
    >>> from extractor.figure_find import find_figures
    >>> doc = spacy.blank("en")("Exports rose 12.3% to $1.15 trillion.")
    >>> doc[0].is_sent_start = True
    >>> figs = find_figures(doc.text)
    >>> spans = [doc.char_span(f.start, f.end) for f in figs]
    >>> skip = {i for s in spans for i in range(s.start, s.end)}
    >>> [(r["direction"], r["kind"]) for r in (FigureContext().read(Context(doc, doc[:], s, f, spans, skip))
    ...                                          for s, f in zip(spans, figs))]
    [('up', 'change'), ('up', 'level')]
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extractor.doc_text import doc_text
from extractor.figure_find import Found
from extractor.figure_sentences import Toks
from extractor.patterns import load_json
from extractor.regexes import trie


@functools.lru_cache(maxsize=1)
def _dirs() -> dict:
    return load_json("directions.json")


def _word_map(section: str) -> dict[str, str]:
    return {w: d for d, words in _dirs()[section].items() for w in words}


_RECORD_AFTER = re.compile(r"\b(?:largest|highest|biggest|lowest|smallest)\s+(?:ever|on record)\b|"
                           r"\ball-time\s+(?:high|low)\b|\brecord\s+(?:high|low)\b", re.I)
DIRECTION_NOUNS = frozenset(w for ws in load_json("directions.json")["nouns"].values() for w in ws)


@dataclass
class Context:
    doc: Doc
    sent: Span
    span: Span            # the figure's tokens
    found: Found
    sent_figures: list    # spans of every figure in the sentence
    skip: set             # token indices inside any figure
    text: str = ""        # doc.text, read once: Doc.text joins every token on each access
    toks: Toks | None = None  # the doc's token texts and flags, shared by every figure of the doc


class FigureContext:
    def __init__(self):
        self.verbs = _word_map("verbs")
        self.nouns = _word_map("nouns")
        self.comparatives = _word_map("comparatives")
        self.adverbs = _word_map("adverbs")
        ctx = load_json("figure_context.json")
        self.link = set(ctx["link_words"])
        self.breaks = set(ctx["clause_breaks"])
        self.forecast = set(ctx["forecast"])
        self.forecast_modal = set(ctx["forecast_modal"])
        self.record = set(ctx["record"])
        # (only whether one matches is read: the trie finds one where the alternation does)
        self.record_phrases = re.compile(r"\b(?:%s)\b" % trie(ctx["record_phrases"]), re.I)
        quals = [(p, q) for q, ps in ctx["qualifiers"].items() for p in ps]
        quals.sort(key=lambda x: -len(x[0]))
        # the phrases as a trie: the same matches (longest first) as their alternation, sooner refused
        self.qual_before = re.compile(r"(?:^|(?<=\W))(%s)(?:\s+an?)?\s*$" % trie([p for p, _ in quals]), re.I)
        self.qual_of = {p.lower(): q for p, q in quals}
        self.qual_after = re.compile(r"^\s*(or (?:less|fewer|more|so)|and (?:up|above|over))\b", re.I)
        self.negators = re.compile(r"\b(?:%s)\s+$" % "|".join(ctx["negators"]), re.I)
        basis = [(p, b) for b, ps in ctx["basis"].items() for p in ps]
        basis.sort(key=lambda x: -len(x[0]))
        self.basis_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % trie([p for p, _ in basis]), re.I)
        self.basis_of = {p.lower(): b for p, b in basis}

    def read(self, c: Context) -> dict:
        if not c.text:
            c.text = doc_text(c.doc)
        if c.toks is None:
            c.toks = Toks(c.doc, c.text)
        f = c.found
        text = c.text
        value = f.value
        before = text[max(c.sent.start_char, f.start - 40):f.start]
        if value > 0 and self.negators.search(before):
            value = -value
        direction, kind = self.direction_kind(c)
        return {
            "text": f.text, "start": f.start, "end": f.end, "value": value, "unit": f.unit,
            "qualifier": self.qualifier(c, before), "direction": direction, "kind": kind,
            "metric": "other", "metric_text": None, "reporter": None, "partner": None, "period": None,
            "basis": self.basis(c) if kind == "change" else None, "forecast": self.is_forecast(c),
            "record": self.is_record(c), "sentence": text[c.sent.start_char:c.sent.end_char], "pattern_id": f.pattern_id,
        }

    def qualifier(self, c: Context, before: str) -> str:
        m = self.qual_before.search(before)
        if m:
            return self.qual_of.get(" ".join(m.group(1).lower().split()), "=")
        after = self.qual_after.match(c.text[c.found.end:c.found.end + 16])
        if after:
            w = after.group(1).lower()
            return "<" if w.endswith(("less", "fewer")) else "~" if w.endswith("so") else ">"
        if c.found.range_role == "low":
            return ">"
        if c.found.range_role == "high":
            return "<"
        return "="

    def _tok(self, t: Toks, i: int) -> str:
        low = t.low(i)
        if low.startswith("tab") and i > 0 and t.low(i - 1) == "new" and low[3:] in self.verbs:
            return low[3:]  # "opens new tabrose 0.3%": a scraped link label glued to the verb
        return low

    def direction_kind(self, c: Context) -> tuple[str | None, str]:
        span, t = c.span, c.toks
        sent_start, sent_end = c.sent.start, c.sent.end
        # right of the figure: "a 7.5% rise", "£4.5bn higher than", "(7.2 billion dollars) less than", ", down from"
        j = span.end
        while j < sent_end and (j in c.skip or t.text_of(j) in (")", "(", "]", "[") or t.space(j)):
            j += 1
        if j < sent_end:
            w = t.low(j)
            k = j + 1
            while k < sent_end and t.space(k):
                k += 1
            w2 = t.low(k) if k < sent_end else ""
            if t.text_of(j) == "-" and w2 in self.nouns:
                j, w = j + 1, w2
            if w in self.nouns and not (w == "cut" and w2 in ("in", "to")) or w in ("rise", "fall", "drop", "jump"):
                return self.nouns.get(w) or self.verbs.get(w), "change"
            if w in self.comparatives and (w2 in ("than", "from", "on", "in", "over", "compared") or
                                           w in ("higher", "lower", "above", "below")):
                if w2 == "from" or w in ("up", "down"):
                    if w in ("up", "down"):
                        return self.comparatives[w], "level"
                return self.comparatives[w], "change"
            if w == "," and w2 in ("up", "down") and j + 2 < sent_end and t.low(j + 2) == "from":
                return self.adverbs[w2], "level"
            if w == "short" and w2 == "of":
                return "down", "change"
        # left of the figure: walk back over link words to a movement word
        links: list[str] = []
        unknown = 0
        i = span.start - 1
        crossed_figure = False
        while i >= sent_start:
            if i in c.skip:
                crossed_figure = True
                i -= 1
                continue
            if t.space(i):
                i -= 1
                continue
            w = self._tok(t, i)
            nxt = t.low(i + 1) if i + 1 < t.n else ""
            if w in self.verbs and not (w in ("cut", "cuts") and nxt in ("in", "to")):
                d = self.verbs[w]
                return d, ("level" if self._attributive(c, links) else self._kind(links, crossed_figure))
            if w in ("up", "down") and not (w == "up" and nxt == "to"):  # "up to 5%" is a qualifier
                return self.adverbs[w], self._kind(links, crossed_figure)
            if w in self.nouns and nxt in ("of", "in", "by") and not crossed_figure:
                return self.nouns[w], "change" if "to" not in links else "level"
            if w in ("from",):
                links.append(w)
                i -= 1
                continue
            k = i - 1
            while k > sent_start and t.space(k):
                k -= 1
            if w == "than" and k >= sent_start and t.low(k) in ("more", "less", "fewer", "greater"):
                links += ["than", t.low(k)]  # "rose by more than 3.2%": a qualifier, not a comparison
                i = k - 1
                continue
            if w == "," and links and links[-1] == "by" and len(links) <= 3:
                i -= 1  # "the terms of trade also fell, by 18 pct"
                continue
            if w in self.breaks or w in (",", ";", ":", "(", '"', "“", "”"):
                if w == "," and t.text_of(i - 1) == ")" if i > 0 else False:
                    break
                break
            if w in self.link or t.punct(i) or t.like_num(i):
                links.append(w)
            else:
                unknown += 1
                # "cut the U.S. trade deficit by about 10 pct": "by"/"to" reach back over the verb's object
                if unknown > (4 if any(x in ("by", "to") for x in links) else 2):
                    break
            i -= 1
        # "the growth in goods entering the UK slowed to 0.5%": the figure is the size of the growth
        for k in range(span.start - 1, max(sent_start, span.start - 12) - 1, -1):
            w = t.low(k)
            if w in (";",) or k in c.skip:
                break
            if w == "growth" and k + 1 < sent_end and t.low(k + 1) in ("in", "of", "slowed", "accelerated",
                                                                         "picked", "eased", "was"):
                return "up", "change"
        return None, "level"

    def _attributive(self, c: Context, links: list[str]) -> bool:
        """"could slash a $37 billion trade surplus": an article before and a noun after make the figure the size
        of the thing the verb moves, not the size of the move"""
        if not links or links[0] not in ("a", "an", "the"):
            return False
        j = c.span.end
        t = c.toks
        # skip line breaks and a name in between ("a $37 billion U.S. trade surplus")
        while j < c.sent.end and (t.space(j) or (t.text_of(j)[:1].isupper() and j < c.span.end + 3)):
            j += 1
        if j >= c.sent.end:
            return False
        w = t.low(j)
        return (t.text_of(j).isalpha() and w not in self.link and w not in ("from", "in", "of", "on", "for", "and")
                and w not in self.nouns and w not in self.comparatives)

    @staticmethod
    def _kind(links: list[str], crossed_figure: bool) -> str:
        # links were collected walking left: the first is the word right before the figure
        if any(w in ("to", "at", "from") for w in links):
            return "level"
        if crossed_figure and (not links or links[0] not in ("by",)):
            return "level" if links else "change"
        return "change"

    def is_forecast(self, c: Context) -> str | None:
        """"strong" (forecast, expected, target, ...), "modal" (would, will, plans, ...: a forecast only of an
        economic outcome, which the caller knows from the metric), or None"""
        t = c.toks
        lo = max(c.sent.start, c.span.start - 14)
        found = None
        lows = t.lows(lo, c.span.start)
        for k, w in enumerate(lows):
            if w in self.forecast:
                if w.startswith("target") and any(x in ("short", "missed", "beat", "exceeded", "above", "below", "met")
                                                  for x in lows[max(0, k - 3):k]):
                    continue  # "fell short of its target by 0.8 percent": the outcome against the target
                return "strong"
            if t.text_of(lo + k) in self.forecast_modal:  # case-sensitive: "in May" is no "may"
                found = "modal"
        hi = min(c.sent.end, c.span.end + 4)
        if any(w in ("forecast", "target", "seems", "expected", "estimate", "projected")
               for w in t.lows(c.span.end, hi)):
            return "strong"
        return found

    def is_record(self, c: Context) -> bool:
        t = c.toks
        lo = max(c.sent.start_char, c.found.start - 48)
        prior = [s.end_char for s in c.sent_figures if s.end_char <= c.found.start]
        lo = max([lo] + prior)
        if self.record_phrases.search(c.text[lo:c.found.start]):
            return True  # "hit an all-time high of $671.7bn" ("all-time" is three tokens)
        i = c.span.start - 1
        n = 0
        while i >= c.sent.start and n < 7:
            if i in c.skip:
                break
            w = t.low(i)
            if w in self.record or w.startswith("record"):
                return True
            if w in (",", ";") or w in ("than", "from"):
                break
            n += 1
            i -= 1
        after = c.text[c.found.end:min(c.sent.end_char, c.found.end + 60)]
        nxt = [s for s in c.sent_figures if s.start >= c.span.end]
        if nxt:
            after = after[:max(0, nxt[0].start_char - c.found.end)]
        return bool(_RECORD_AFTER.search(after))

    def basis(self, c: Context) -> str | None:
        text = c.text
        lo, hi = c.sent.start_char, c.sent.end_char
        best, dist = None, 10 ** 9
        for m in self.basis_re.finditer(text, lo, hi):
            if m.start() >= c.found.end:
                gap = text[c.found.end:m.start()]
                if any(c.found.end <= s.start_char < m.start() and not re.fullmatch(r"\s*\(\s*",
                                                                                    text[c.found.end:s.start_char])
                       for s in c.sent_figures if s.start != c.span.start):
                    continue
                d = len(gap)
            else:
                gap = text[m.end():c.found.start]
                if any(m.end() <= s.start_char < c.found.start for s in c.sent_figures):
                    continue
                d = len(gap) + 20
            if d < dist:
                best, dist = self.basis_of.get(" ".join(m.group(1).lower().split())), d
        if best is None:
            m = re.search(r"\bsame\s+(?:period|month|quarter)\s+(?:in|of)\s+\d{4}", text[c.found.end:hi], re.I)
            if m:
                best = "yoy"
        return best
