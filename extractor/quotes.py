"""Quotes: who said what, in which role, for which organisation (SCHEMA.md, Quote).

The flow, cheapest first:
1. quote_marks pairs quotation marks over the raw text, and joins hard-wrapped lines into reading units.
2. quote_rules attributes each quoted passage to the cue clause beside it (", he said", "said Mr Aiyar",
   "Jestin said, ") by rule; continuation passages keep the speaker of the passage before them.
3. Units that still hold a reporting cue (patterns/cues.json) outside quotation marks go, and only they, through
   the statistical parser (accurate mode), which finds the cue's subject and its reported clause; the fast mode
   reads the plain frames ("X said (that) ...", "..., X said.", "according to X, ...") by rule instead.
4. speakers reads every source phrase into a name, title and organisation, resolving pronouns, surnames,
   honorifics and "the company" against the article, and drops generic and data sources.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("newsfacts_sentences")
    >>> _ = nlp.add_pipe("newsfacts_quotes", config={"use_statistical": False})
    >>> q = nlp('"Exports will recover," said ING economist Lin Song.')._.nf_quotes[0]
    >>> (q["text"], q["speaker"], q["title"], q["organization"])
    ('Exports will recover', 'Lin Song', 'economist', 'ING')
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from extractor import quote_rules as rules
from extractor.doc_text import doc_text
from extractor.quote_cues import cues
from extractor.regexes import matches_at
from extractor.quote_marks import QuoteSpan, find_quotes, units
from extractor.quote_parse import Frame, frames
from extractor.speakers import (Context, Speaker, copy_speaker, lexicon, read_source, spokesperson_for,
                                statement_issuer)

if not Doc.has_extension("nf_quotes"):
    Doc.set_extension("nf_quotes", default=None)

_REGIONS_KEY = "nf_regions"
# what a cue phrase may carry after its verb (patterns/cues.json lists "said in a statement" among the cues)
_CUE_TAIL = re.compile(r"\s+(out\b|in\s+(?:a|an|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|interview|"
                       r"e-?mail|letter|post|tweet|speech|release|note)\b)", re.I)
_ORG_ANAPHORA = {"agency", "company", "firm", "ministry", "department", "bank", "government", "group", "office",
                 "commission", "bureau", "administration", "institute", "association", "statement", "carrier",
                 "lender", "regulator", "board", "council", "committee", "organisation", "organization"}
# a cue form after a determiner is a noun ("its claims", "the reports"), after a passive auxiliary it has no
# speaker ("was announced"): such sentences are not worth the parser
_DETERMINED = re.compile(r"\b(?:the|a|an|its|his|her|their|our|these|those|such|of)\s+$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+$", re.I)


def _not_a_cue(text: str, m: re.Match, floor: int) -> bool:
    before = text[max(floor, m.start() - 12):m.start()]
    if _DETERMINED.search(before):
        return True
    return bool(_PASSIVE.search(before)) and not m.group().lower().endswith("ing")
# words that make a phrase a clause rather than a name: the parser must read those sources
_VERBISH = {"is", "was", "are", "were", "be", "been", "has", "have", "had", "will", "would", "could", "can", "may",
            "might", "should", "must", "did", "does", "do", "who", "which", "that", "whose", "where", "when", "while",
            "if", "because", "after", "before", "since", "not", "no", "than", "then", "also", "so", "to", "put",
            "like", "on", "by", "for", "with", "about", "into", "over", "under", "from", "in", "at", "as"}
# a listener after "told" in the fast mode's rule frames: a pronoun, or words up to a capitalised name
_LISTENER = re.compile(r"(?:him|her|them|us|me|reporters|journalists|(?:the\s+)?(?:[a-z-]+\s+){0,3}"
                       r"[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*)*)\s+(?:(?:on|in|at|last|this)\s+\w+\s+)?"
                       r"(?:that\s+)?(?=\S)")
# a candidate cue word, and the word after it (the second word of a phrase cue)
_WORD_AND_NEXT = re.compile(r"\w+(?:\s+\w+)?")
_WORD_CHAR = re.compile(r"\w")
_ROLE_WORDS = {"economist", "analyst", "chairman", "president", "minister", "spokesman", "spokeswoman", "chief",
               "director", "secretary", "governor", "official", "executive", "strategist", "commissioner"}


@dataclass
class Found:
    start: int
    end: int
    kind: str
    speaker: Speaker | None
    cue: str
    pattern_id: str
    source: tuple[int, int] | None = None  # the source phrase, read again in text order once all are found
    org_tail: str | None = None  # an employer named after the name ("said Marie-Pierre Ripert at IXIS")
    follows: "Found | None" = None  # a continuation takes the speaker of the quote before it
    cue_end: int | None = None  # where the cue word ends ("said" + " in a statement" makes the cue phrase)


class QuoteFinder:
    def __init__(self, nlp: Language, use_statistical: bool = True, merge_runs: bool = False):
        self.use_statistical = use_statistical
        # SCHEMA.md: a direct quote is the words inside one pair of marks; merge_runs instead keeps a speaker's
        # run of quoted sentences around one cue as one span, the way PolNeAR labels them (--quote-runs merge)
        self.merge_runs = merge_runs
        self.cues = cues()
        self.chars_total = 0
        self.chars_parsed = 0
        self._cue_starts: list[int] | None = None  # the current doc's cue candidates (Cues.candidates)

    # -- the component ---------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        self.chars_total += len(text)
        self._cue_starts = self.cues.candidates(text)  # where a cue may start: see _may_cue
        ctx = Context(text, _regions(doc))
        marks = find_quotes(text)
        spans = _Units(units(doc, text))
        found: list[Found] = []
        consumed: list[tuple[int, int]] = []  # cue clauses already used by a direct quote
        attributed: dict[QuoteSpan, Found] = {}

        # pass 1, in text order: quoted passages and the cue clause beside them
        prev = None
        for q in marks:
            f = self._direct(text, q, spans, ctx, consumed)
            if f and prev in attributed and _split(text, prev, q):
                # '"A," he said, "b."': one sentence of speech split by its cue is one quote
                attributed[prev].end = f.end
                attributed[q] = attributed[prev]
            elif f:
                attributed[q] = f
                found.append(f)
                ctx.speakers.append(f.speaker)
            prev = q
        # continuation passages: a quote right after an attributed one, with no cue of its own
        for k, q in enumerate(marks):
            if q in attributed or k == 0:
                continue
            prev = marks[k - 1]
            how = _continues(text, prev, q, spans) if prev in attributed else None
            if how == "mixed":
                # 'India is a "dramatically growing economy ...".' right after the speaker's quote: the sentence
                # carries on the speech, with some words in marks, unless it has a cue of its own (pass 2 reads it)
                s0, e0 = _sentence_start(text, prev.close, q.open), _unit_end(spans, q.close - 1)
                if any(self._cue_matches(text, s0, q.open)) or any(self._cue_matches(text, q.close, e0)):
                    continue
                p = attributed[prev]
                f = Found(s0, _clip_stop(text, s0, e0), "mixed", p.speaker, p.cue, "mixed-continued", follows=p)
                attributed[q] = f
                found.append(f)
            elif how:
                p = attributed[prev]
                if self.merge_runs and "\n" not in text[prev.close:q.open]:
                    # one speaker's run of quoted sentences around one cue kept as one span (PolNeAR's style)
                    p.end = q.end
                    p.pattern_id = "direct-run"
                    attributed[q] = p
                    continue
                f = Found(q.start, q.end, "direct", p.speaker, p.cue, "direct-continued", follows=p)
                attributed[q] = f
                found.append(f)

        # pass 2: units with a cue outside quotation marks that no direct quote used
        todo = []
        mark_starts = [q.start for q in marks]
        for s, e in spans:
            if not self._may_cue(text, s, e):
                continue  # most units hold no cue: no need to run the pattern over them
            cues_here = [m for m in self._cue_matches(text, s, e)
                         if not (m.group()[0].isupper() and not m.group().startswith("According"))
                         and not _inside(marks, mark_starts, m.start())
                         and not any(a <= m.start() < b for a, b in consumed)
                         and not _not_a_cue(text, m, s)]
            if cues_here:
                todo.append(((s, e), len(cues_here)))
        frames_of: dict = {}
        to_parse = []
        fallback: dict = {}
        for u, n_cues in todo:
            # a plain frame with one cue and a short, clean source is read by rule; the rest is parsed
            ruled = self._rule_frames(text, u, marks, consumed)
            if not self.use_statistical or (ruled and n_cues == 1 and ruled[0].pattern_id != "rule-told"
                                            and self._clean(text, ruled[0], ctx)):
                frames_of[u] = ruled
            else:
                to_parse.append(u)
                if ruled and self._clean(text, ruled[0], ctx):
                    fallback[u] = ruled
        if to_parse:
            frames_of.update(self._parse(text, to_parse))
            # where the parse finds no frame, a clean rule frame still stands
            frames_of.update({u: fr for u, fr in fallback.items() if not frames_of.get(u)})
        for u, _ in todo:
            for fr in frames_of.get(u, []):
                f = self._indirect(text, fr, marks, ctx)
                if f:
                    found.append(f)
                    ctx.speakers.append(f.speaker)
        found = self._resolve(text, found, ctx)
        _share_details(found)
        doc._.nf_quotes = self._records(text, found, spans)
        return doc

    def _may_cue(self, text: str, a: int, b: int) -> bool:
        """Whether the cue pattern may match in text[a:b], read on its own (a slice, or pos/endpos): False only
        where it surely does not, so the pattern runs on few of an article's units and clauses."""
        starts = self._cue_starts
        if starts is None:
            return True
        k = bisect.bisect_left(starts, a)
        if k < len(starts) and starts[k] < b:
            return True
        # a slice cut inside a run of letters (spaCy split "cannot") starts or ends a word where the article's
        # candidates see none
        return text[b - 1:b + 1].isalpha() or a > 0 and text[a - 1:a + 1].isalpha()

    def _cue_matches(self, text: str, a: int, b: int):
        """The matches of the cue pattern in text[a:b] (as `finditer(text, a, b)` gives them), tried only at the
        candidate starts: every match starts at a candidate, and they do not overlap."""
        starts = self._cue_starts
        if starts is None or text[b - 1:b + 1].isalpha():
            yield from self.cues.word.finditer(text, a, b)  # a unit cut inside a word: see _may_cue
            return
        yield from matches_at(self.cues.word, text, starts, a, b)

    def _cue_at(self, text: str, pos: int, b: int) -> bool:
        """Whether a cue may start at `pos` in a slice text[...:b] (see _may_cue)."""
        starts = self._cue_starts
        if starts is None or text[b - 1:b + 1].isalpha():
            return True
        k = bisect.bisect_left(starts, pos)
        return k < len(starts) and starts[k] == pos

    def _cue_horizon(self, text: str, a: int, b: int) -> int:
        """Where the last cue that may match in text[a:b] ends (b where the candidates cannot tell): a pattern that
        ends in a cue and looks only backwards matches text[a:horizon] as it matches text[a:b]. The horizon ends
        the last candidate word and the word after it ("according to", "pointed out"), at a character that is not
        a word character, so that \\b reads the same there."""
        starts = self._cue_starts
        if starts is None or text[b - 1:b + 1].isalpha():
            return b  # a slice that ends inside a word may end in a cue the candidates do not see
        k = bisect.bisect_left(starts, b) - 1
        if k < 0 or starts[k] < a:
            return b if self._may_cue(text, a, b) else a
        m = _WORD_AND_NEXT.match(text, starts[k], b)
        return m.end()

    # -- direct quotes ---------------------------------------------------------------------------------------------
    def _direct(self, text: str, q: QuoteSpan, spans, ctx: Context, consumed) -> Found | None:
        unit_end = own_end = _unit_end(spans, q.close - 1)
        if not text[q.close:unit_end].strip() and not _PARA_AFTER.match(text[q.close:q.close + 4]):
            unit_end = _unit_end(spans, unit_end + 1)  # '"...?" Graham asked.': the splitter ended it at the "?"
        after = text[q.close:unit_end]
        nxt = _NEXT_MARK.search(after)
        if nxt:
            after = after[:nxt.start()]
        content = text[q.start:q.end].rstrip()
        ends_clause = content[-1:] in ",?!—–-…" or after.lstrip()[:1] in (",", "—", "–")
        if (ends_clause or not after.strip()[:1].isupper()) and self._may_cue(text, q.close, q.close + len(after)):
            for how in ("after-cue", "after-speaker"):
                if how == "after-speaker" and not ends_clause:
                    continue
                # after_speaker only ever matches up to a cue: the rest of the clause is cut off, which spares its
                # lazy speaker pattern from trying every split of a long clause without one
                if how == "after-cue":
                    # after_cue's cue can start only after the clause's opening spaces and one comma or dash
                    m = rules.after_cue(after) if self._cue_at(text, q.close + _cue_start(after),
                                                                q.close + len(after)) else None
                else:
                    m = rules.after_speaker(after[:self._cue_horizon(text, q.close, q.close + len(after)) - q.close])
                if not m:
                    continue
                if how == "after-speaker" and self.cues.lemma(m.group("cue")) not in self.cues.listener_first \
                        and rules.cue_takes_clause(text[q.close + m.end("cue"):unit_end]):
                    # the cue has its own content: the quoted words are a title, not the quote ("told a news
                    # conference" names a listener, not content)
                    continue
                s0 = q.close + m.start("sp")
                s1 = q.close + m.end("sp")
                if how == "after-cue":
                    s1 = rules.trim_tail_prepositions(text, s0, s1)
                sp = self._source(text, s0, s1, ctx, pending=True)
                if sp is None and how == "after-speaker":
                    # a generic source ("a spokesperson said"): the cue is spent, nothing to parse
                    consumed.append((q.close, q.close + m.end()))
                # '..., said economist Marie-Pierre Ripert at IXIS.'
                # "... at the Toronto securities firm of Midland Doherty Ltd": the named firm, not the city
                t = _FIRM_OF.match(text[s1:unit_end]) or _EMPLOYER.match(text[s1:unit_end])
                if sp:
                    consumed.append((q.close, q.close + m.end()))
                    return Found(q.start, _clip(text, q.start, q.end), "direct", sp, _cue(m), f"direct-{how}",
                                 (s0, s1), t.group(1).rstrip(".") if t else None, cue_end=q.close + m.end("cue"))
        unit_start = _unit_start(spans, q.open)
        before = text[unit_start:q.open]
        if not before.strip():
            # 'He said:' closing the paragraph before a quoted one: the cue clause opens the quote from there
            k = len(text[:unit_start].rstrip())
            if k and text[k - 1] == ":" and "\n" in text[k:q.open]:
                unit_start = _unit_start(spans, k - 1)
                before = text[unit_start:q.open]
        prev_mark = max(before.rfind('"'), before.rfind("”"), before.rfind("''"))
        if prev_mark >= 0:
            before = before[prev_mark + 1:]
            unit_start = q.open - len(before)
        at = unit_start

        def cues_in(base: int) -> list[tuple[int, int, str]] | None:
            a = at + base
            if a > 0 and _WORD_CHAR.match(text, a - 1):
                return None  # the slice starts inside a word, where it sees a boundary the article does not
            return [(m.start() - a, m.end() - a, m.group()) for m in self._cue_matches(text, a, q.open)]

        m = rules.before_quote(before, cues_in)
        if m:
            s0 = rules.source_start(text, unit_start + m.start("sp"), unit_start + m.end("sp"))
            s1 = unit_start + m.end("sp")
            if m.group("cue").lower().endswith("ing") and "," in text[s0:s1]:
                s1 = rules.subject_end(text, s0, s1)  # "Trump attacked Clinton ..., saying, "
            elif "," in text[s0:s1] and text[s1:unit_start + m.end("cue") + 2].rstrip().endswith(":"):
                # "Trump will use the debate to make news, Kall said: "...": the speaker after the clause's comma
                # (a name; "John Smith, the chief negotiator, said:" keeps its appositive)
                last = text[text.rfind(",", s0, s1) + 1:s1].split()
                if 1 <= len(last) <= 4 and last[0][:1].isupper() and last[0] not in lexicon()["stop"]:
                    s0 = text.rfind(",", s0, s1) + 1
            sp = self._source(text, s0, s1, ctx, pending=True)
            if sp:
                consumed.append((unit_start + m.start("cue"), q.open))
                # quoted words that stop before the clause ends make a mixed quote: the clause is the content
                rest = text[q.close:own_end]
                if _CLAUSE_END.fullmatch(rest):
                    return Found(q.start, _clip(text, q.start, q.end), "direct", sp, _cue(m), "direct-before",
                                 (s0, s1), cue_end=unit_start + m.end("cue"))
                end = _clip(text, q.open, own_end)
                return Found(q.open, end, "mixed", sp, _cue(m), "mixed-before", (s0, s1),
                             cue_end=unit_start + m.end("cue"))
        return None

    def _source(self, text: str, s: int, e: int, ctx: Context, pending: bool = False) -> Speaker | None:
        while s < e and text[s] in " ,\n\t":
            s += 1
        while e > s and text[e - 1] in " ,\n\t":
            e -= 1
        s = rules.skip_dateline(text, s, e)  # "March 5 - Federal Reserve Board Vice Chairman ...": no name
        if s >= e or e - s > 240:
            return None
        # a statement's issuer and a spokesperson's body depend on the words alone: found once per phrase
        known = ctx._plans.get(("source", s, e))
        if known is None:
            known = ctx._plans[("source", s, e)] = (statement_issuer(text, s, e), spokesperson_for(text, s, e, ctx))
        issuer, body = known
        sp = (read_source(text, *issuer, ctx) if issuer else None) or (copy_speaker(body) if body else None) or \
            read_source(text, s, e, ctx)
        if sp is None and pending and _THE_NOUN.fullmatch(text[s:e]) and \
                text[s:e].split()[-1].lower() in _ORG_ANAPHORA:
            # "the agency said": resolved once every earlier speaker is known (see _resolve)
            return Speaker("", "organization", s, e, pronoun=True)
        return sp

    def _resolve(self, text: str, found: list[Found], first: Context) -> list[Found]:
        """Read every source again in text order, so that pronouns, surnames and "the agency" see every earlier
        speaker, whichever rule found it (with what the first reading learnt of the article's names and regions)."""
        ctx = replace(first, speakers=[])
        kept = []
        for f in sorted(found, key=lambda f: f.start):
            if f.follows is not None:
                f.speaker = f.follows.speaker
            elif f.source is not None:
                sp = self._source(text, *f.source, ctx)
                if sp is not None and f.org_tail and sp.kind == "person" and not sp.organization:
                    sp.organization = f.org_tail
                f.speaker = sp
            if f.speaker is None or not f.speaker.name:
                continue
            kept.append(f)
            ctx.speakers.append(f.speaker)
        return kept

    # -- indirect and mixed quotes -----------------------------------------------------------------------------------
    def _parse(self, text: str, todo: list[tuple[int, int]]) -> dict:
        from extractor.statistical import load_statistical
        nlp = load_statistical()
        norm = [_normalise(text, s, e) for s, e in todo]
        self.chars_parsed += sum(e - s for s, e in todo)
        out = {}
        for u, (sent, offsets), parsed in zip(todo, norm, nlp.pipe(n[0] for n in norm)):
            out[u] = frames(parsed, offsets)
        return out

    def _rule_frames(self, text: str, unit: tuple[int, int], marks, consumed=()) -> list[Frame]:
        """Fast mode: the plain indirect frames, read by rule (`consumed`: the cue clauses direct quotes used)."""
        s, e = unit
        sent = text[s:e]
        out = []
        for a, b in consumed:
            # '"...," Yeutter said, adding that policy flexibility is essential': the participle carries a second
            # statement of the direct quote's speaker
            tail = _PARTICIPLE_AFTER.match(text, b, e) if s <= a < e else None
            hit = rules.after_speaker(text[a:b]) if tail else None
            if hit and len(text[tail.start("c"):e].split()) >= 3:
                lemma = self.cues.lemma(tail.group("cue")) or ""
                return [Frame(tail.group("cue"), lemma, (a + hit.start("sp"), a + hit.end("sp")),
                              (tail.start("c"), e), tail.start("cue"), tail.end("cue"), "rule-participle")]
        # (the pattern spells "ccording" out: without it in the sentence it cannot match, and its lazy opening
        # group is costly to fail)
        m = _ACCORDING.match(sent) if "ccording" in sent else None
        if m and (m.group("pre") or m.group("post")) and not _data_source(m.group("sp")):
            part = "post" if m.group("post") else "pre"
            cs, ce = s + m.start(part), s + m.end(part)
            sp_end = s + m.end("sp")
            if part == "post":
                # "according to Lin Song, Chief Economist at ING Bank, the recovery ...": the role goes with her
                comma = text.find(",", cs, ce)
                if comma > 0 and any(w.lower() in lexicon()["heads"] for w in re.findall(r"[\w-]+", text[cs:comma])):
                    sp_end, cs = comma, comma + 1
                    while cs < ce and text[cs] == " ":
                        cs += 1
            out.append(Frame("according to", "according to", (s + m.start("sp"), sp_end), (cs, ce),
                             s + sent.lower().index("according"), s + sent.lower().index("according") + 12, "rule-according-to"))
            return out
        m = _said_that().match(sent)
        if m is None:
            # 'On "Fox News Sunday," John Smith said ...': the speaker starts after the quoted title (the direct
            # pass left it alone: its cue has a clause of its own)
            # (a cue that a direct quote already used, '"...," he said, adding that ...', is not read again)
            first_cue = next((c for c in self._cue_matches(text, s, e)
                              if not any(a <= c.start() < b for a, b in consumed)), None)
            cut = max(sent.rfind(c, 0, first_cue.start() - s) for c in '"“”') if first_cue else -1
            if cut >= 0:
                m = _said_that().match(sent, cut + 1)
                if m and s + m.start("cue") != first_cue.start():
                    m = None
        lemma = self.cues.lemma(m.group("cue")) if m else None
        content_ok = m and not _PREPOSITION.match(m.group("c")) \
            and len(m.group("c").split()) >= 3
        if content_ok and not m.group("cue")[0].isupper() and (m.group("that") or lemma not in self.cues.needs_clause):
            sp0 = rules.source_start(text, s + m.start("sp"), s + m.end("sp"))
            if len(text[sp0:s + m.end("sp")].split()) > 12:
                return out
            c0, pid = s + m.start("c"), "rule-said-that"
            if lemma in self.cues.listener_first and not m.group("that"):
                # "told the Argentine newspaper Clarin it would ...": the listener is not what was said
                lst = _LISTENER.match(text, c0, s + m.end("c"))
                if not lst:
                    return out
                c0, pid = lst.end(), "rule-told"
            out.append(Frame(m.group("cue"), lemma or "", (sp0, s + m.end("sp")),
                             (c0, s + m.end("c")), s + m.start("cue"), s + m.end("cue"), pid))
            return out
        # nothing after the cue and its time or place holds a comma, nor does the speaker before it: the cue stands
        # after the sentence's last comma, or the pattern cannot match
        comma = sent.rfind(",")
        m = _content_said().match(sent) if comma >= 0 and self._may_cue(text, s + comma, e) else None
        lemma = self.cues.lemma(m.group("cue")) if m else None
        if m and not m.group("cue")[0].isupper() and lemma not in self.cues.needs_clause \
                and lemma not in self.cues.content_object:
            out.append(Frame(m.group("cue"), self.cues.lemma(m.group("cue")) or "", (s + m.start("sp"), s + m.end("sp")),
                             (s + m.start("c"), s + m.end("c")), s + m.start("cue"), s + m.end("cue"), "rule-content-said"))
        return out

    @staticmethod
    def _clean(text: str, fr: Frame, ctx: Context) -> bool:
        """A rule frame the parser would not improve: its source is a pronoun or a short capitalised name
        ("She", "Mr Westwood", "ONGC chairman Subir Raha"), nothing more."""
        if fr.source is None:
            return False
        src = text[fr.source[0]:fr.source[1]].strip()
        words = src.split()
        if not words or "\n\n" in src:
            return False
        if len(words) == 1 and words[0].lower() in ("he", "she", "they", "it"):
            return True
        # a noun phrase of names, roles and their linking words ("Lin Song, an analyst at ING Bank"), no verb
        from extractor.speakers import lexicon
        lex = lexicon()
        plain = {"of", "and", "&", "de", "van", "von", "a", "an", "the", "at", "for", "in", "with", "from", "'s", "’s"}
        for w in re.findall(r"[\w'’&.-]+", src):
            low = w.lower()
            if not (w[:1].isupper() or w[:1].isdigit() or low in plain or low in lex["heads"]
                    or low in lex["modifiers"] or low.endswith(("'s", "’s"))):
                return _plain_common_noun_phrase(src, lex)
        return len(words) <= 14

    def _indirect(self, text: str, fr: Frame, marks, ctx: Context) -> Found | None:
        if fr.source is None:
            return None
        sp = self._source(text, *fr.source, ctx, pending=True)
        if sp is None:
            return None
        c0, c1 = fr.content
        c0 = rules.skip_dateline(text, c0, c1, source=False)  # "MOSCOW, April 24 - The Soviet government ..."
        c1 = _clip_stop(text, c0, c1)
        if c1 - c0 < 8:
            return None
        inner = [q for q in marks if q.open < c1 and q.close > c0]
        if fr.cue_lemma == "call" and not inner and len(text[c0:c1].split()) <= 4:
            return None  # "called an emergency meeting": calling X Y says something, calling a meeting does not
        kind = "indirect"
        if inner:
            q = inner[0]
            body = text[c0:c1].strip(" \"“”'.,")
            if len(inner) == 1 and len(text[q.start:q.end].strip(" .,")) >= 0.9 * len(body):
                return Found(q.start, _clip(text, q.start, q.end), "direct", sp, fr.cue, fr.pattern_id + "-direct",
                             fr.source, cue_end=fr.cue_end)
            kind = "mixed"
        return Found(c0, c1, kind, sp, fr.cue, fr.pattern_id, fr.source, cue_end=fr.cue_end)

    # -- records -----------------------------------------------------------------------------------------------------
    def _records(self, text: str, found: list[Found], spans) -> list[dict]:
        out, taken = [], []
        for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
            if f.end <= f.start:
                continue
            # one passage, one quote: a later frame over the same words adds nothing (a passage that ends before
            # this one starts can overlap no later one: the quotes come in order of their starts)
            taken = [t for t in taken if t[1] > f.start]
            if any(min(f.end, b) - max(f.start, a) > 0.5 * (f.end - f.start) for a, b in taken):
                continue
            taken.append((f.start, f.end))
            sp = f.speaker
            lo = min(f.start, sp.start)
            hi = max(f.end, sp.end)
            s0 = _unit_start(spans, lo)
            s1 = _unit_end(spans, max(lo, hi - 1))
            cue = f.cue
            tail = _CUE_TAIL.match(text, f.cue_end) if f.cue_end is not None and " " not in cue else None
            if tail and not (f.start < tail.end() and tail.start() < f.end):
                cue = cue + " " + re.sub(r"\s+", " ", tail.group(1))  # "said in a statement", "pointed out"
            out.append({"text": text[f.start:f.end], "start": f.start, "end": f.end, "kind": f.kind,
                        "speaker": _oneline(sp.name), "speaker_type": sp.kind, "title": _oneline(sp.title),
                        "organization": _oneline(sp.organization), "cue": cue, "speaker_start": sp.start,
                        "speaker_end": sp.end, "sentence": text[s0:s1], "pattern_id": f.pattern_id})
        return out


# (patterns of the hot paths compiled once: re's own cache costs a lookup per call)
_PARA_AFTER = re.compile(r"\s*\n\s*\n|\n[ \t]")
_NEXT_MARK = re.compile(r"[\"“]|''")
_FIRM_OF = re.compile(r"\s+(?:at|of|from|with)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+)?(?:[a-z-]+\s+){1,3}of\s+(?:the\s+)?"
                      r"([A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|and|&))*)")
_EMPLOYER = re.compile(r"\s+(?:at|of|from|with)\s+(?:the\s+)?([A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|and|&))*)")
_CLAUSE_END = re.compile(r"[\s.,;:!?\"”’')]*")
_THE_NOUN = re.compile(r"(?:the|its)\s+[a-z]+", re.I)
_PREPOSITION = re.compile(r"(?:in|on|at|during|to|for|with|by|from|about|over)\b", re.I)
_ACCORDING = re.compile(r"(?:(?P<pre>.*?),\s*)?[Aa]ccording\s+to\s+(?P<sp>[^,]+?)(?:,\s*(?P<post>.+?))?[.]?\s*$", re.S)


# what was said: the rest of the unit (12 characters or more) but a final stop. The lazy `.{12,}?` followed by
# `[.]?$` gives the same (units end in no line break, so `$` is the very end) but tries every length; these
# branches jump to the end (the unit ends in a stop after 12 characters or more: all but the stop; else all).
_REST = r"(?P<c>(?=.{13}.*+(?<=\.)).*(?=\.$)|.{12,}+)"


# ', adding that ...', ', noting ...' right after a direct quote's cue clause
_PARTICIPLE_AFTER = re.compile(r"\s*,\s*(?P<cue>adding|noting|saying|warning|arguing|explaining|insisting|stressing)"
                               r"\s+(?:that\s+)?(?P<c>[^\"“”]+)", re.I)


@functools.lru_cache(maxsize=1)
def _said_that() -> re.Pattern:
    """ "X said (that) ...": the fast mode's plain frame with the source first."""
    c = cues()
    # "told a meeting of Pacific Island leaders that ...": a listener phrase only after a verb that takes one
    after_listener_verb = "|".join(f"(?<={re.escape(f)})" for lemma in c.listener_first
                                   for f, lem in sorted(c.lemma_of.items()) if lem == lemma and " " not in f)
    return re.compile(r"(?P<sp>[^\"“”]{1,120}?)\s+" + rules._AUX + r"(?P<cue>" + rules._forms() +
                      r")\b(?:(?P<that>(?:\s+(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})|\s+(?:him|her|them|reporters|us|me)|"
                      r"\s+(?:in|on|at|during|to|last|this|earlier|late|early)\s[^,\"“”]{1,40}?|"
                      rf"(?:{after_listener_verb})\s+(?:a|an|the|his|her|their|its)\s[^,\"“”.;]{{1,60}}?)?\s+that)|,)?"
                      r"\s+" + _REST + r"[.]?$", re.S | re.I)


@functools.lru_cache(maxsize=1)
def _content_said() -> re.Pattern:
    """ "..., X said.": the fast mode's plain frame with what was said first. Nothing after the comma before the
    speaker holds a comma, so that comma is the unit's last: the greedy `.{12,}` finds it first, where a lazy
    one would try every comma before it."""
    return re.compile(r"(?P<c>.{12,}),\s+(?P<sp>[^,\"“”]{1,80}?)\s+" + rules._AUX + r"(?P<cue>" + rules._forms() +
                      r")\b(?:\s+(?:in|on|at|during|to|after|before|late|early|last|this|earlier|later|yesterday|today|"
                      r"recently|previously|in)\b[^,;]{0,40}?)?[.]?\s*$", re.S | re.I)


def _inside(marks: list[QuoteSpan], starts: list[int], pos: int) -> bool:
    """quote_marks.inside(marks, pos), with the passages' starts listed once per article."""
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and pos < marks[k].end


def _cue_start(after: str) -> int:
    """Where rules.after_cue's cue must start in `after`: past its opening spaces, one comma or dash and the
    spaces after it (a cue opens with a letter, so it can start nowhere else)."""
    k, n = 0, len(after)
    while k < n and after[k].isspace():
        k += 1
    if k < n and after[k] in ",—–-":
        k += 1
        while k < n and after[k].isspace():
            k += 1
    return k


def _oneline(value: str | None) -> str | None:
    """Names read across a wrapped line keep one space: "Robert\nByrd" -> "Robert Byrd"."""
    if value and value.isprintable() and "  " not in value and value[0] != " " and value[-1] != " ":
        return value  # no whitespace but single inner spaces (isprintable is False for any other): as it is
    return re.sub(r"\s+", " ", value).strip() if value else value


def _plain_common_noun_phrase(src: str, lex: dict) -> bool:
    """A short source of common nouns, no verb and no clause ("US trade officials", "maritime consultancy
    Drewry", "one trader"): the parser would find the same subject, so the rule frame stands."""
    words = src.split()
    if len(words) > 6 or "," in src or words[0].lower() in ("but", "and", "it's", "this", "that", "there"):
        return False
    for w in words:
        low = w.lower().strip(".'’")
        if w[:1].isupper() or w[:1].isdigit() or low in lex["heads"] or low in lex["modifiers"]:
            continue
        if low in _VERBISH or low.endswith(("ed", "ing", "ly")):
            return False
    return True


def _share_details(found: list[Found]) -> None:
    """One person, one role: a mention without title or organisation takes them from the article's other mentions
    of the same name; a role-only source ("the bank's new president said") takes the name given right after it."""
    found.sort(key=lambda f: f.start)
    for k, f in enumerate(found):
        sp = f.speaker
        if sp.kind == "person" and sp.pronoun and sp.name[:1].islower() or sp.name.lower().startswith("the "):
            later = next((g.speaker for g in found[k + 1:k + 4] if g.speaker.kind == "person"
                          and g.speaker.name[:1].isupper() and not g.speaker.name.lower().startswith("the ")
                          and 0 < g.speaker.start - sp.end < 600), None)
            if later:
                f.speaker = Speaker(later.name, "person", sp.start, sp.end, sp.title or later.title,
                                    sp.organization or later.organization, pronoun=True)
    best: dict[str, dict] = {}
    for f in found:
        sp = f.speaker
        if sp.kind != "person":
            continue
        d = best.setdefault(sp.name, {})
        if sp.title and "title" not in d:
            d["title"] = sp.title
        if sp.organization and ("organization" not in d or sp.organization in d["organization"] and False):
            d["organization"] = sp.organization
        elif sp.organization and d.get("organization") and d["organization"] in sp.organization:
            d["organization"] = sp.organization  # the fuller name of the same employer
    for f in found:
        sp = f.speaker
        d = best.get(sp.name) if sp.kind == "person" else None
        if d:
            org = sp.organization
            if not org or (d.get("organization") and org in d["organization"]):
                org = d.get("organization")
            f.speaker = Speaker(sp.name, sp.kind, sp.start, sp.end, sp.title or d.get("title"), org, sp.pronoun)


def _cue(m) -> str:
    return re.sub(r"\s+", " ", m.group("cue"))


def _data_source(phrase: str) -> bool:
    from extractor.speakers import lexicon
    words = re.findall(r"[\w'-]+", phrase.lower())
    return bool(words) and (words[-1] in lexicon()["data"] or any(w in lexicon()["data"] for w in words[-3:]))


def _split(text: str, prev: QuoteSpan, q: QuoteSpan) -> bool:
    """A sentence of speech split by its cue clause: the first part ends in a comma, the clause between ends in
    a comma, and the second part goes on in lower case."""
    first = text[prev.start:prev.end].rstrip()
    gap = text[prev.close:q.open]
    second = text[q.start:q.end].lstrip()
    return first.endswith(",") and gap.rstrip().endswith(",") and len(gap) < 120 and "\n" not in gap \
        and second[:1].islower()


def _continues(text: str, prev: QuoteSpan, q: QuoteSpan, spans) -> str | None:
    """Whether the passage right after an attributed one carries on its speech: "direct" where it stands alone
    (same or next paragraph, at most the cue clause between), "mixed" where it is quoted inside the next sentence
    of the same paragraph, None otherwise."""
    gap = text[prev.close:q.open]
    if len(gap) > 160:
        return None
    # the passage opens a sentence of its own: words quoted inside a narrative sentence ('said on CNN's "State of
    # the Union."', 'an implication about the woman's "head."') are a title or a term, not more of the speech
    tail = gap.rstrip()
    if tail and tail[-1] not in ".!?:…\"”’'":  # (a gap ending at a closing mark: two passages side by side)
        # ... unless it is the next sentence of the same paragraph, which carries on the speech (a mixed quote)
        s0 = _sentence_start(text, prev.close, q.open)
        if "\n" not in gap and s0 > prev.close and len(text[s0:q.open].split()) <= 8:
            return "mixed"
        return None
    # the gap holds the cue clause and at most one sentence end: '," Lewis said. "'
    if gap.count(".") + gap.count("\n\n") <= 2 and not re.search(r"[.!?]\s+[A-Z][a-z]+\s+[a-z]+\s+[a-z]+ [a-z]+", gap):
        return "direct"
    return None


_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“])")


def _sentence_start(text: str, start: int, end: int) -> int:
    """Where the last sentence that opens in text[start:end] begins (start where none does)."""
    last = start
    for m in _SENTENCE_END.finditer(text, start, end):
        last = m.end()
    return last


def _clip_stop(text: str, start: int, end: int) -> int:
    """_clip, and the sentence's stop too: it is not part of what was said (an ellipsis stays)."""
    end = _clip(text, start, end)
    while end > start and text[end - 1] in ".;:" and text[end - 2:end] != "..":
        end = _clip(text, start, end - 1)
    return end


def _clip(text: str, start: int, end: int) -> int:
    """End of a quote's text: without trailing spaces, commas and a bare final stop outside quotation marks."""
    while end > start and text[end - 1] in " \n\t,;:":
        end -= 1
    if end > start and text[end - 1] == "." and text[end - 2:end] != ".." and \
            not re.search(r"\b[A-Z]\.$|\b(?:U\.S|U\.K|Inc|Corp|Ltd|Co)\.$", text[max(start, end - 6):end]):
        pass
    return end


class _Units(list):
    """The reading units (quote_marks.units: in text order, not overlapping), with their starts and ends kept
    apart for bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        super().__init__(spans)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]


def _unit_start(spans: _Units, pos: int) -> int:
    """Start of the unit holding `pos`, else of the last one before it (0 if none)."""
    k = bisect.bisect_right(spans.starts, pos) - 1
    return spans.starts[k] if k >= 0 else 0


def _unit_end(spans: _Units, pos: int) -> int:
    """End of the unit holding `pos`, else of the first one after it (pos + 1 if none)."""
    k = bisect.bisect_right(spans.ends, pos)
    return spans.ends[k] if k < len(spans.ends) else pos + 1


def _normalise(text: str, s: int, e: int) -> tuple[str, list[int]]:
    """The unit's text with line breaks and runs of spaces made one space, and where each char came from."""
    out, where = [], []
    # by runs, not characters: \s is str.isspace, so the runs are those a character loop would find
    for m in _RUNS.finditer(text, s, e):
        a, b = m.span()
        if text[a].isspace():
            out.append(" ")
            where.append(a)
        else:
            out.append(m.group())
            where.extend(range(a, b))
    return "".join(out), where


_RUNS = re.compile(r"\s+|\S+")


def _regions(doc: Doc) -> list[tuple[int, int, str, str]]:
    spans = doc.spans.get(_REGIONS_KEY, []) if _REGIONS_KEY in doc.spans else []
    if not spans:
        return []
    from extractor.regions import gazetteer
    info = gazetteer()
    out = []
    for sp in spans:
        g = info.get(sp.label_)
        if g:
            out.append((sp.start_char, sp.end_char, g.name, g.kind))
    return out


@Language.factory("newsfacts_quotes", default_config={"use_statistical": True, "merge_runs": False})
def make_quote_finder(nlp: Language, name: str, use_statistical: bool, merge_runs: bool) -> QuoteFinder:
    return QuoteFinder(nlp, use_statistical, merge_runs)
