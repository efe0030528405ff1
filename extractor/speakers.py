"""Speakers: who a source phrase names, in which role, for which organisation, and who a pronoun or surname means.

A source phrase is the words a rule or the parser marks as the subject of a reporting cue ("ONGC chairman Subir
Raha", "Lin Song, Chief Economist for Greater China at ING Bank", "she", "Mr Westwood", "the agency"). It is read by
rule, word by word: the last run of capitalised words is the name, role words before it or in an appositive are the
title, a capitalised run before the title or after "at"/"of" is the organisation. Generic sources ("analysts", "a
trade official") and data ("customs data") give no speaker.

Example:
    >>> text = "said ONGC chairman Subir Raha."
    >>> s = read_source(text, 5, 29, Context(text, []))
    >>> (s.name, s.title, s.organization)
    ('Subir Raha', 'chairman', 'ONGC')
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from extractor.patterns import load_json

_TOKEN = re.compile(r"[A-Z]\.(?:[A-Z]\.)+|\w+(?:[-&'’.]\w+)*\.?|[,;:()]")
_ABBREV = {"mr.", "mrs.", "ms.", "dr.", "inc.", "corp.", "co.", "ltd.", "jr.", "sr.", "st.", "dept.", "rep.", "sen.",
           "gov.", "gen.", "prof.", "rev.", "lt.", "col.", "u.s.", "u.k.", "e.u.", "n.v.", "s.a."}
_CONNECT = {"de", "van", "von", "bin", "al", "da", "del", "la", "le", "du", "der", "den", "&", "of", "and", "for"}
_POSSESSIVE = ("'s", "’s", "s'", "s’")
# where a description before a name can start: a clause or sentence end (not the stops of "U.S."), a paragraph
_BOUNDARY = re.compile(r"(?<![A-Z])[.!?;,:]\s|\n\s*\n|\n[ \t]+|[\"“”(]")
# plural or collective nouns a capitalised word may modify without naming anyone ("Chinese state media")
_GROUPS = {"press", "media", "leaders", "journalists", "activists", "groups", "officials", "speechwriters",
           "residents", "citizens", "lawmakers", "legislators", "politicians", "governments", "countries", "nations",
           "states", "firms", "companies", "banks", "exporters", "importers", "producers", "newspapers", "outlets",
           "reports", "rights", "users", "fans", "critics", "allies", "members", "delegates", "negotiators", "staff",
           "aides", "advisers", "sources", "insiders", "authorities", "regulators", "courts", "judges", "scientists"}
# two or more capitalised words (with name particles), on one line or across a single line break
# (the lookbehind follows the first capital, checking the character before it: a pattern that opens with a
# character class lets re skip ahead to the next capital, ~3x faster than one that opens with the lookbehind)
_NAME_RUN = re.compile(r"[A-Z](?<![\w.’'-][A-Z])[\w'’.-]*(?:(?:[ \t]+|\n(?![ \t\n]))(?:(?:de|van|von|bin|al|da|del|la|le|du)"
                       r"[ \t]+)?[A-Z][\w'’.-]*)+")
_CAP_RUN = re.compile(r"[A-Z][\w.&'’-]*(?:[ ](?:(?:of|and|&|for)[ ])?[A-Z][\w.&'’-]*){0,5}")
_RELATIVE = {"which", "who", "whose", "whom", "where", "when", "that"}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    t = load_json("speaker_titles.json")
    g = load_json("generic_sources.json")
    lex = {
        "heads": {w.lower() for w in t["heads"]},
        "modifiers": {w.lower() for w in t["modifiers"]},
        "portfolio": set(t["portfolio_heads"]),
        "seniority": frozenset(t["seniority"]),
        "voices": frozenset(t["voices"]),
        "honorifics": set(t["honorifics"]) | {h.rstrip(".") for h in t["honorifics"]},
        "drop": set(t["drop_before_title"]),
        "generic": set(g["generic_heads"]),
        "data": set(g["data_heads"]),
        "org_anaphora": set(g["org_anaphora"]),
        "org_heads": set(g["org_heads"]),
        "person_pronouns": {w.lower() for w in g["person_pronouns"]},
        "group_pronouns": {w.lower() for w in g["group_pronouns"]},
        "stop": set(g["stop_words"]),
    }
    # unions read per source phrase, made once
    lex["pronouns"] = lex["person_pronouns"] | lex["group_pronouns"]
    lex["generic_data"] = lex["generic"] | lex["data"]
    lex["bodies"] = lex["org_anaphora"] | {"team", "camp", "campaign"}
    return lex


class Tok:
    """One word of a source phrase; `low` and `cap` are read so often that they are set once, not computed."""

    __slots__ = ("text", "start", "end", "low", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text, self.start, self.end = text, start, end
        self.low = text.lower()
        self.cap = text[:1].isupper()

    def __eq__(self, other) -> bool:
        return isinstance(other, Tok) and (self.text, self.start, self.end) == (other.text, other.start, other.end)

    __hash__ = None  # mutable, compared by value (as the dataclass it replaces)

    def __repr__(self) -> str:
        return f"Tok(text={self.text!r}, start={self.start!r}, end={self.end!r})"


_INITIAL = re.compile(r"[A-Z]\.")


def tokens(text: str, start: int, end: int) -> list[Tok]:
    """The words of text[start:end] (Context.words keeps them for an article)."""
    return list(_tokens(text, start, end))


def _tokens(text: str, start: int, end: int) -> tuple[Tok, ...]:
    out = []
    seg = text[start:end]
    if seg.isascii() and seg.replace(" ", "").isalpha():
        # the usual name or phrase, plain words between single spaces: each word is one token, as _TOKEN reads it
        pos = start
        for w in seg.split(" "):
            if w:
                out.append(Tok(w, pos, pos + len(w)))
            pos += len(w) + 1
        return tuple(out)
    for m in _TOKEN.finditer(text, start, end):
        s, e, w = m.start(), m.end(), m.group()
        # a final stop belongs to the sentence, not the word, unless the word is an abbreviation or an initial
        if w[-1] == "." and w.count(".") == 1 and w.lower() not in _ABBREV and not _INITIAL.fullmatch(w):
            w, e = w[:-1], e - 1
        # a possessive ("'s", "’s") is a word of its own
        if len(w) > 2 and w[-2] in "'’" and w[-1] == "s":
            out.append(Tok(w[:-2], s, e - 2))
            out.append(Tok(w[-2:], e - 2, e))
        elif w:
            out.append(Tok(w, s, e))
    return tuple(out)


@dataclass
class Speaker:
    """A resolved speaker: `name` as the article gives it in full, `start`-`end` the mention in its sentence."""

    name: str
    kind: str  # person | organization
    start: int
    end: int
    title: str | None = None
    organization: str | None = None
    pronoun: bool = False


@dataclass
class Context:
    """What one article offers for resolving mentions: its text, region spans and the speakers read so far."""

    text: str
    regions: list[tuple[int, int, str, str]]  # start, end, canonical name, kind (country, bloc, region)
    speakers: list[Speaker] = field(default_factory=list)
    _people: dict | None = None
    _mentions: list = field(default_factory=list)
    _region_at: list | dict | None = None  # region starts, or offset -> regions over it (see _regions_at)
    _suffixes: dict | None = None  # last words of a full name -> the name (see full_name)
    _plans: dict = field(default_factory=dict)  # (start, end) -> how read_source reads that phrase (see _plan)
    _memo: dict = field(default_factory=dict)  # what depends on the article alone, found once: see _once

    def _regions_at(self, start: int, end: int) -> tuple[int, ...] | range:
        """Indices, in order, of the regions that may hold start-end (a region holds a span that starts within it
        and ends at most one character past it); callers check each. Regions in text order that do not overlap
        (the regions component's) are bisected: only the last one starting at or before `start`, and the one
        before it (ending where that one starts), can hold it. Others are indexed by offset."""
        if start >= end:
            return range(len(self.regions))
        if self._region_at is None:
            regions = self.regions
            if all(s < e for s, e, _, _ in regions) and \
                    all(regions[k][1] <= regions[k + 1][0] for k in range(len(regions) - 1)):
                self._region_at = [s for s, _, _, _ in regions]
            else:
                at: dict[int, tuple[int, ...]] = {}
                for k, (s, e, _, _) in enumerate(regions):
                    for pos in range(s, e + 1):
                        at[pos] = at.get(pos, ()) + (k,)
                self._region_at = at
        at = self._region_at
        if isinstance(at, list):
            k = bisect.bisect_right(at, start)
            return range(max(0, k - 2), k)
        return at.get(start, ())

    def _region_holding(self, start: int, end: int) -> tuple[int, int, str, str] | None:
        regions = self.regions
        for k in self._regions_at(start, end):
            s, e, _, _ = regions[k]
            if s <= start and end <= e + 1:
                return regions[k]
        return None

    def region_name(self, start: int, end: int) -> str | None:
        r = self._region_holding(start, end)
        return r[2] if r else None

    def words(self, start: int, end: int) -> list[Tok]:
        """tokens() of the article's text[start:end], kept: a name is read as a run of the article's names and
        again as a source phrase (a new list each time: callers slice them)."""
        return list(self._once(("words", start, end), lambda: _tokens(self.text, start, end)))

    def _once(self, key: tuple, compute):
        """compute() for what depends only on the article (its text, regions and names), kept for the article:
        the same pronoun, role or name is resolved against the same mentions many times."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def last_org(self, before: int) -> str | None:
        """The last organisation named before `before`: a capitalised run holding an organisation word
        ("Statistics Norway", "the U.S. Export-Import Bank")."""
        return self._once(("last_org", before), lambda: self._last_org(before))

    def _last_org(self, before: int) -> str | None:
        lex = lexicon()
        found = None
        for m in _CAP_RUN.finditer(self.text, max(0, before - 1500), before):
            words = m.group().split()
            while words and words[0] in lex["stop"]:
                words = words[1:]
            if len(words) >= 2 and any(w.rstrip(".,") in lex["org_heads"] for w in words) \
                    and self.text[m.start() - 1:m.start()] not in ('"', "“", "'"):
                found = " ".join(words)
        return found

    def org_named_with(self, head: str, before: int) -> str | None:
        """The latest organisation before `before` whose name of two or more words holds the word `head`: one
        that spoke, else a capitalised run of the text ("U.S. Chamber of Commerce" for "the Chamber")."""
        word = re.compile(rf"(?<![\w-]){re.escape(head)}(?![\w-])")
        for sp in reversed(self.speakers):
            if sp.kind == "organization" and sp.start < before and sp.name != head and word.search(sp.name):
                return sp.name
        best = None
        stop = lexicon()["stop"]
        for m in _CAP_RUN.finditer(self.text, max(0, before - 3000), before):
            # (a run read across a sentence end, "Airbus. The WTO", is two)
            for part in _SENTENCE_STOP.split(m.group().rstrip(".")):
                words = part.split()
                while words and words[0] in stop:
                    words = words[1:]
                run = " ".join(words)
                if run != head and word.search(run) and len(words) >= 2:
                    best = run
        return best

    def region_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Offsets of the region mention that holds start-end (see region_name)."""
        r = self._region_holding(start, end)
        return (r[0], r[1]) if r else None

    def region_is_bloc(self, start: int, end: int) -> bool:
        regions = self.regions
        return any(s <= start and end <= e + 1 and kind == "bloc"
                   for s, e, _, kind in (regions[k] for k in self._regions_at(start, end)))

    def people(self) -> dict[str, tuple[int, int]]:
        """Full person names (two or more capitalised words) -> first mention, found once per article by rule."""
        if self._people is None:
            lex = lexicon()
            heads, honorifics, stop, modifiers = lex["heads"], lex["honorifics"], lex["stop"], lex["modifiers"]
            found: dict[str, tuple[int, int]] = {}
            text, memo = self.text, self._memo
            headlines = _title_case_lines(text)
            for m in _NAME_RUN.finditer(text):
                if headlines and any(a <= m.start() < b for a, b in headlines):
                    continue  # "Gold Star Mom Corners Obama": a title-case headline is no run of names
                key = ("words", m.start(), m.end())  # shared with words(): a name is often a source phrase too
                run = memo.get(key)
                if run is None:
                    run = memo[key] = _tokens(text, m.start(), m.end())
                # "... at the Northern Virginia Urban League. Scott joked": the run crossed a sentence end (a word
                # of two or more letters and a stop, not "F." nor "Jr."): only what follows it can be a name
                for k in range(len(run) - 2, -1, -1):
                    w = run[k].text.rstrip(".")
                    if text.startswith(".", run[k].end - 1 if run[k].text.endswith(".") else run[k].end) \
                            and len(w) > 1 and "." not in w and w + "." not in honorifics and w not in _NAME_ABBR:
                        run = run[k + 1:]
                        break
                role = _ROLE_OF_BEFORE.search(text, max(0, m.start() - 40), m.start())
                if role and (role.group(1).lower() in heads or role.group(1) in lex["org_heads"]) and len(run) >= 3:
                    # ("Governor of the Bank of Japan Yasushi Mieno": the run starts inside a body's name too)
                    run = run[-_name_length(run):]  # "Secretary of State John F. Kerry": the portfolio, then the name
                for k in range(len(run) - 1, -1, -1):
                    t = run[k]
                    if t.low in heads or t.text in honorifics or self.region_name(t.start, t.end):
                        run = run[k + 1:]
                        break
                while run and (run[0].text in stop or run[0].text in honorifics
                               or run[0].low in heads or run[0].low in modifiers):
                    run = run[1:]
                if len(run) >= 2 and _person_like(run, lex, self):
                    name = text[run[0].start:run[-1].end]
                    found.setdefault(name, (run[0].start, run[-1].end))
                    self._mentions.append((run[0].start, run[-1].end, name))
            self._people = found
        return self._people

    def subject_mentions(self) -> list[tuple[int, int, str]]:
        """Full-name mentions that open a sentence or clause, maybe after a role ("Economy Minister Jan Berg
        called ..."): the people a following "he" or "she" most likely means."""
        self.people()
        return self._once(("subjects",), self._subject_mentions)

    def _subject_mentions(self) -> list[tuple[int, int, str]]:
        out = []
        for s, e, name in self._mentions:
            head = self.text[max(0, s - 80):s]
            cut = max(head.rfind(". "), head.rfind("\n"), head.rfind('" '), head.rfind("” "))
            lead = head[cut + 1:] if cut >= 0 else (head if s < 80 else None)
            if lead is None:
                continue
            words = lead.split()
            if all(w[:1].isupper() or w.lower() in lexicon()["modifiers"] or w.lower() in lexicon()["heads"]
                   for w in words):
                out.append((s, e, name))
        return out

    def full_name(self, mention: str, before: int | None = None) -> tuple[str, int | None]:
        """'Westwood' -> 'John Westwood' where the article names him so; the longest such name wins."""
        words = mention.split()
        if not words:
            return mention, None
        if self._suffixes is None:
            # every name under each of its proper endings: the longest name wins, then the first named (the
            # article's people are in order of first mention)
            suffixes: dict[tuple[str, ...], tuple[str, int, int]] = {}
            for name, (s, _) in self.people().items():
                parts = name.split()
                for k in range(1, len(parts)):
                    key = tuple(parts[-k:])
                    held = suffixes.get(key)
                    if held is None or len(parts) > held[2] or (len(parts) == held[2] and s < held[1]):
                        suffixes[key] = (name, s, len(parts))
            self._suffixes = suffixes
        held = self._suffixes.get(tuple(words))
        return (held[0], held[1]) if held else (mention, None)


def _joined(text: str, a: Tok, b: Tok) -> bool:
    """Two words of one name: only spaces or a single line break between them."""
    gap = text[a.end:b.start]
    return not gap.strip() and gap.count("\n") <= 1 and len(gap) < 3


# abbreviations that stand inside a name or role ("Martin Luther King Jr. Day", "St. Louis")
_NAME_ABBR = frozenset({"Jr", "Sr", "St", "Ste", "Mt", "Ft", "Bros", "Corp", "Inc", "Ltd", "Co", "Dept", "Gen", "Col",
                        "Sgt", "Capt", "Gov", "Sen", "Rep", "Rev", "Prof", "Hon"})
_ROLE_OF_BEFORE = re.compile(r"\b([A-Za-z-]+)\s+(?:of|for)(?:\s+the)?\s+$")


def _name_length(run: list[Tok]) -> int:
    """How many of the last words of a run of a portfolio and a name are the name: two, three after an initial or
    with a particle ("John F. Kerry", "H. Onno Ruding", "Lula da Silva")."""
    if len(run) >= 4 and (run[-3].text.endswith(".") or run[-2].text.endswith(".") or run[-2].low in _CONNECT):
        return 3
    return 2


_SENTENCE_STOP = re.compile(r"(?<=[a-z]{2})\.\s+")
_LINE = re.compile(r"[^\n]+")
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to vs with".split())


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Headlines: paragraphs of one line in title case (four or more words, every word but the small ones
    capitalised). A hard-wrapped wire line that happens to be all capitals ("WASHINGTON, March 4 - U.S. Trade
    Representative Clayton") goes on in the next line, so it is no paragraph of its own."""
    out = []
    for m in _LINE.finditer(text):
        a, b = m.span()
        if not ((a == 0 or text.endswith("\n\n", 0, a)) and (b == len(text) or text.startswith("\n\n", b))):
            continue
        words = [w for w in m.group().split() if w[:1].isalpha()]
        if len(words) >= 4 and all(w[:1].isupper() or w in _SMALL_WORDS for w in words):
            out.append(m.span())
    return out


def _person_like(run: list[Tok], lex: dict, ctx: Context) -> bool:
    words = [t.text for t in run]
    org_heads, heads, stop = lex["org_heads"], lex["heads"], lex["stop"]
    for t in run:
        w = t.text
        # (an acronym is no name; an initial, "F.", is part of one)
        if w in org_heads or (w.isupper() and len(w.rstrip(".")) > 1) or t.low in heads or w in stop:
            return False
    # (no single word of the run is a region: people() cut the run after its last region word)
    if ctx.region_name(run[0].start, run[-1].end):
        return False
    return all(w[:1].isupper() or w in _CONNECT for w in words) and not words[-1] in _CONNECT


def _is_title_word(toks: list[Tok], k: int, lex: dict) -> bool:
    t = toks[k]
    if t.low in lex["heads"]:
        return True
    if t.low in lex["modifiers"] and t.low not in {"of", "and", "for"}:
        # a modifier is a role word only where a role word follows ("Chief Economist", not "General Electric")
        return k + 1 < len(toks) and _is_title_word(toks, k + 1, lex)
    return False


def _strip(words: list[Tok], lex: dict) -> list[Tok]:
    while words and (words[0].low in lex["drop"] or words[0].text in (",", "(")):
        words = words[1:]
    while words and words[-1].text in (",", ";", ":", ")", "(") or (words and words[-1].low in ("and", "of", "for")):
        words = words[:-1]
    return words


def _span_text(text: str, words: list[Tok]) -> str | None:
    return text[words[0].start:words[-1].end] if words else None


def _org_run(toks: list[Tok], lex: dict, text: str) -> str | None:
    """The last capitalised run of `toks` ("oil industry analysts Douglas-Westwood" -> "Douglas-Westwood")."""
    end = len(toks)
    while end and not toks[end - 1].cap:
        end -= 1
    if not end:
        return None
    start = end - 1
    while start > 0 and (toks[start - 1].cap or (toks[start - 1].low in _CONNECT and start > 1 and toks[start - 2].cap)):
        start -= 1
    run = [t for t in toks[start:end]]
    while run and run[0].text in lex["stop"]:
        run = run[1:]
    return _span_text(text, run)


def read_appositive(text: str, toks: list[Tok], lex: dict) -> tuple[str | None, str | None]:
    """ "an analyst at Bloomberg Economics" -> ("analyst", "Bloomberg Economics"); no role word -> (None, None)."""
    toks = _strip(toks, lex)
    if not toks:
        return None, None
    split = next((k for k, t in enumerate(toks) if t.low == "at"), None)
    if split is None:
        split = next((k for k, t in enumerate(toks) if t.low in ("of", "for", "with", "from", "in")), None)
    head = toks[:split] if split is not None else toks
    if not any(t.low in lex["heads"] for t in head):
        return None, None
    title = _span_text(text, _strip(head, lex))
    org = _org_run(toks[split + 1:], lex, text) if split is not None else None
    return title, org


def read_premodifiers(text: str, toks: list[Tok], ctx: Context, lex: dict) -> tuple[str | None, str | None]:
    """ "DZ bank economist" -> ("economist", "DZ bank"); "U.S. trade representative" keeps the country in the role,
    "EU trade commissioner" makes the bloc the organisation."""
    k = len(toks)
    while k and toks[k - 1].text in (",", "(", ")"):
        k -= 1
    if not k or not _is_title_word(toks, k - 1, lex) and toks[k - 1].low not in lex["heads"]:
        return None, None
    j = k - 1
    while j > 0:
        prev = toks[j - 1]
        if prev.low in lex["modifiers"] or prev.low in lex["heads"]:
            j -= 1
        elif toks[k - 1].text[:1].isupper() and toks[k - 1].low in {p.lower() for p in lex["portfolio"]} and \
                prev.cap and not ctx.region_name(prev.start, prev.end) and prev.text not in _POSSESSIVE:
            j -= 1  # "Economy and Labour Minister": a capitalised portfolio before the role
        elif prev.cap and j >= 2 and toks[j - 2].low in lex["seniority"] and not toks[j - 2].cap \
                and not ctx.region_name(prev.start, prev.end):
            j -= 2  # "chief Brexit negotiator": a topic between the seniority word and the role
        else:
            span = ctx.region_span(prev.start, prev.end)
            inside_name = j >= 2 and toks[j - 2].low in ("of", "and", "&")  # "Bank of Japan chief"
            if span and not ctx.region_is_bloc(prev.start, prev.end) and not inside_name \
                    and " ".join(ctx.text[span[0]:span[1]].split()) not in lex["org_heads"]:
                # the whole mention goes with the role ("South Korean Trade Minister"); a body that stands for
                # a country ("White House spokesman") stays the organisation
                while j > 0 and toks[j - 1].end > span[0]:
                    j -= 1
            break
    title_toks = [t for t in toks[j:k] if t.low not in lex["drop"]]
    while title_toks and title_toks[0].low in ("of", "and", "for"):
        title_toks = title_toks[1:]
    title = _span_text(text, title_toks)
    rest = [t for t in toks[:j] if t.text not in _POSSESSIVE]
    rest = _strip(rest, lex)
    # lowercase words before the organisation are description ("Munich-based research institute"), not a name
    # "Senior Airbus vice-president": role words left of the organisation still belong to the role
    lead = []
    for t in rest:
        # (seniority words only: "Democratic" of "Democratic Unionist Party MP" belongs to the party's name)
        if t.cap and (t.low in lex["seniority"] or t.low in lex["heads"]) and t.low not in lex["drop"]:
            lead.append(t)
        else:
            break
    org_toks = rest[len(lead):]
    while org_toks and not org_toks[0].cap:
        org_toks = org_toks[1:]
    while org_toks and org_toks[0].text in lex["stop"]:
        org_toks = org_toks[1:]
    org = _span_text(text, org_toks)
    if lead and org_toks:
        title = text[lead[0].start:lead[-1].end] + " " + (title or "")
    return title, org


def _name_runs(toks: list[Tok], lex: dict, text: str = "") -> list[tuple[int, int]]:
    runs, i = [], 0
    while i < len(toks):
        t = toks[i]
        if t.cap and t.text not in lex["stop"] and not _is_title_word(toks, i, lex) and t.text not in _POSSESSIVE \
                and t.text not in lex["honorifics"]:
            j = i + 1
            while j < len(toks):
                u = toks[j]
                if text and not _joined(text, toks[j - 1], u):
                    break
                if u.cap and not _is_title_word(toks, j, lex) and u.text not in lex["honorifics"]:
                    j += 1
                elif u.low in _CONNECT and j + 1 < len(toks) and toks[j + 1].cap and (
                        u.low not in ("and", "for")
                        # "Institute of Purchasing and Supply": an organisation's name runs on over "and"
                        or any(x.text in lex["org_heads"] for x in toks[i:j])) \
                        or (u.text == "&" and j + 1 < len(toks) and toks[j + 1].cap):
                    j += 1
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def read_source(text: str, start: int, end: int, ctx: Context) -> Speaker | None:
    """Read the source phrase text[start:end]; None where it names nobody (generic or data)."""
    lex = lexicon()
    if text is ctx.text:
        # what the words say is worked out once per phrase; who a pronoun or role means depends on the speakers
        # read so far, and is settled each time (_follow)
        plan = ctx._plans.get((start, end))
        if plan is None:
            plan = ctx._plans[(start, end)] = _plan(text, start, end, ctx, lex)
    else:
        plan = _plan(text, start, end, ctx, lex)
    return _follow(plan, ctx, lex, text)


def _follow(plan: tuple, ctx: Context, lex: dict, text: str) -> Speaker | None:
    """Carry out a reading plan of _plan: ("done", speaker or None), ("pronoun", word), ("nominal", words, plan
    if no earlier speaker fits), ("enrich", person), ("lone", organisation unless an earlier person has the
    name)."""
    kind = plan[0]
    if kind == "done":
        return copy_speaker(plan[1]) if plan[1] is not None else None
    if kind == "pronoun":
        return _pronoun(plan[1], ctx, lex)
    if kind == "nominal":
        named = _nominal(plan[1], ctx, lex, text)
        return named if named is not None else _follow(plan[2], ctx, lex, text)
    if kind == "lone":
        sp = plan[1]
        if sp.name.lower() in lex["org_anaphora"]:
            # "the Chamber said": the organisation named in full before ("U.S. Chamber of Commerce")
            full = ctx.org_named_with(sp.name, sp.start)
            if full:
                return Speaker(full, "organization", sp.start, sp.end, pronoun=True)
            return copy_speaker(sp)
        # the latest earlier person speaker by that name, or whose full name ends in it ("Malcolm Baldrige")
        full = next((o.name for o in reversed(ctx.speakers) if o.kind == "person"
                     and (o.name == sp.name or o.name.endswith(" " + sp.name))), None)
        if full:
            return _enrich(Speaker(full, "person", sp.start, sp.end), ctx)
        return copy_speaker(sp)
    return _enrich(copy_speaker(plan[1]), ctx)


def copy_speaker(sp: Speaker) -> Speaker:
    """A speaker of a kept plan, copied: callers fill in and replace their speakers' details."""
    return Speaker(sp.name, sp.kind, sp.start, sp.end, sp.title, sp.organization, sp.pronoun)


_NONE = ("done", None)


def _plan(text: str, start: int, end: int, ctx: Context, lex: dict) -> tuple:
    """How to read text[start:end] (see _follow): everything that depends only on the words and the article."""
    toks = ctx.words(start, end) if text is ctx.text else tokens(text, start, end)
    # "a statement issued on behalf of Robert Zoellick": the person behind the statement speaks
    for k in range(len(toks) - 2):
        if toks[k].low == "on" and toks[k + 1].low == "behalf" and toks[k + 2].low == "of":
            toks = toks[k + 3:]
            break
    # a relative clause or parenthesis adds nothing to who the source is
    cut, depth, kept = len(toks), 0, []
    for k, t in enumerate(toks):
        if t.low in _RELATIVE and k and toks[k - 1].text == ",":
            cut = k - 1
            break
        if t.low in ("who", "which", "whose") and k and toks[k - 1].low == "and":
            cut = k - 1
            break
    for t in toks[:cut]:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif not depth:
            kept.append(t)
    toks = kept
    if not toks:
        return _NONE
    segments: list[list[Tok]] = [[]]
    for t in toks:
        if t.text in (",", ";"):
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [s for s in segments if s]
    if not segments:
        return _NONE
    main, appos = segments[0], segments[1:]
    if len(main) == 1 and main[0].low in lex["pronouns"]:
        return ("pronoun", main[0])
    employer = None
    for k in range(2, len(main) - 1):
        # "Bob Edgar of the Australia and New Zealand Banking Group Ltd": a person, then the employer
        # (not "The Bank of Japan", "The Reserve Bank of India": an organisation's own name runs on over "of")
        if main[k].low in ("of", "at", "from", "with") and main[k - 1].cap and main[k - 2].cap \
                and main[k - 1].text not in lex["stop"] and main[k - 2].text not in lex["stop"] \
                and main[k - 1].text not in lex["org_heads"] and not _is_title_word(main, k - 1, lex):
            tail = main[k + 1:]
            # the employer is the first capitalised run after "of" ("of Midland Doherty Ltd in Toronto")
            stop = next((n for n, t in enumerate(tail) if n and not t.cap and t.low not in _CONNECT), len(tail))
            if stop < len(tail) and tail[stop].low in ("in", "at", "on", "for"):
                tail = tail[:stop]
                main = main[:k + 1 + stop]
            employer = _org_run(tail, lex, text)
            if employer and tail[-1].end == main[-1].end and text.endswith(employer, 0, tail[-1].end) \
                    and not any(t.low in lex["heads"] for t in tail):
                main = main[:k]
                break
    # "The U.S. trade representative said": the person with that role, if an earlier one has it
    first = main if main[0].low == "the" and main[-1].low in lex["heads"] and len(main) <= 6 else None

    def then(plan: tuple) -> tuple:
        return ("nominal", first, plan) if first is not None else plan

    if len(main) <= 2 and main[-1].low in lex["generic_data"] and not main[-1].text.isupper():
        return then(_NONE)  # "Analysts said", "Most economists said"
    runs = [r for r in _name_runs(main, lex, text) if not (r[1] < len(main) and main[r[1]].text in _POSSESSIVE)]
    if runs and runs[-1][1] - runs[-1][0] == 1 and main[runs[-1][0]].text in lex["org_heads"] \
            and runs[-1][0] >= 2 and main[runs[-1][0] - 1].text in _POSSESSIVE and main[runs[-1][0] - 2].cap:
        # "the US Trade Representative's Office": the office's name holds its owner's
        k = runs[-1][0] - 2
        while k and main[k - 1].cap and main[k - 1].text not in lex["stop"]:
            k -= 1
        s0, e0 = main[k].start, main[runs[-1][0]].end
        return then(("done", Speaker(text[s0:e0], "organization", s0, e0)))
    if runs and appos and main[0].low in lex["heads"] and len(main) > 2 and main[1].low == "of":
        # "President of the Brazilian Coffee Institute, Jorio Dauster": the role and its body, then the person
        alt = _name_runs(appos[0], lex, text)
        if len(alt) == 1 and alt[0] == (0, len(appos[0])) and len(appos[0]) >= 2:
            main, appos = appos[0], [main] + appos[1:]
            runs = alt
    if not runs and appos:
        # "India's biggest oil exploration firm, Oil & Natural Gas Corp": the name stands in the appositive
        alt = _name_runs(appos[0], lex, text)
        if alt:
            main, appos = appos[0], [main] + appos[1:]
            runs = alt
    if not runs:
        # a run that only owns what follows ("Connecticut's tax commissioner") names no speaker by itself
        return then(("nominal", main, _NONE))
    i, j = runs[-1]
    if j < len(main) and any(t.low in lex["generic_data"] for t in main[j:]):
        return then(("done", _generic_after_name(main, i, j, ctx, lex, text)))
    if j < len(main) and all(not t.cap for t in main[j:]) and not any(t.low in lex["heads"] for t in main[j:]):
        rest = main[j:]
        if rest[-1].low in lex["bodies"] and rest[-1].low != "statement":
            # "the Clinton camp", "a US court": the body the capitalised words name
            s0 = main[i].start
            return then(("done", Speaker(text[s0:rest[-1].end], "organization", s0, rest[-1].end)))
        if rest[-1].low in lex["generic"] or rest[-1].low in _GROUPS:
            return then(_NONE)  # "Local press", "Civil rights activists": no one in particular
    role_of = None
    h = i - 1
    # back over "of State for" to the role word
    while h >= 1 and (main[h].low in ("of", "for", "the") or main[h].cap and main[h].low not in lex["heads"]):
        h -= 1
    linked = i >= 2 and (main[i - 1].low in ("of", "for") or main[i - 1].low == "the" and main[i - 2].low == "of")
    n = _name_length(main[i:j])
    if linked and main[h].low in lex["heads"] and main[h + 1].low == "of" and j - i >= 3 \
            and not any(t.text in lex["org_heads"] for t in main[j - n:j]):
        # "Secretary of Commerce Malcolm Baldrige", "Under-Secretary of State for Economic Affairs Allen Wallis",
        # "Chancellor of the Exchequer Nigel Lawson":
        # the run holds the portfolio, then the name (its last two words, three after an initial or particle)
        while h and (main[h - 1].low in lex["modifiers"] or main[h - 1].low in lex["heads"]):
            h -= 1
        role_of = text[main[h].start:main[j - n - 1].end]
        i = j - n
    name_toks = main[i:j]
    pre = main[:i]
    honorific = bool(pre) and pre[-1].text in lex["honorifics"] or \
        bool(pre) and pre[-1].text.rstrip(".") in lex["honorifics"]
    if honorific:
        pre = pre[:-1]
    if role_of:
        title, org = role_of, None
    else:
        title, org = read_premodifiers(text, pre, ctx, lex) if pre else (None, None)
    if org is None and pre and pre[-1].text in _POSSESSIVE:
        org = _org_run(pre[:-1], lex, text)
    org = org or employer
    for seg in appos[:2]:
        a_title, a_org = read_appositive(text, seg, lex)
        if a_title:
            title, org = title or a_title, org or a_org
            break
    s, e = name_toks[0].start, name_toks[-1].end
    surface = text[s:e]
    region = ctx.region_name(s, e)
    words = [t.text for t in name_toks]
    if region and not title:
        return then(("done", Speaker(region, "organization", s, e)))
    if len(words) == 1 and words[0].lower() in lex["org_anaphora"] and words[0][:1].isupper():
        # "the Chamber said": the organisation named in full before, if there is one (see _follow)
        return then(("lone", Speaker(surface, "organization", s, e)))
    if any(w in lex["org_heads"] for w in words) or (any(t.low in lex["org_anaphora"] for t in pre) and not title):
        return then(("done", Speaker(surface, "organization", s, e, title=None, organization=None)))
    person = honorific or len(words) >= 2 and not all(w.isupper() for w in words)
    full, _ = ctx.full_name(surface)
    if full != surface:
        person = True
    elif not person and title and not any(t.low in lex["org_anaphora"] for t in pre):
        person = True
    if not person:
        if len(words) == 1:
            # "Reagan said" after "President Reagan said": a person if an earlier speaker was one by that name
            return then(("lone", Speaker(surface, "organization", s, e)))
        return then(("done", Speaker(surface, "organization", s, e)))
    return then(("enrich", Speaker(full, "person", s, e, title=title, organization=org)))


def _enrich(sp: Speaker, ctx: Context) -> Speaker:
    """Fill title and organisation from the article's fullest mention of the same person."""
    if sp.title and sp.organization:
        return sp
    for other in ctx.speakers:
        if other.kind == "person" and other.name == sp.name and (other.title or other.organization):
            return Speaker(sp.name, sp.kind, sp.start, sp.end, sp.title or other.title,
                           sp.organization or other.organization
                           if not (sp.organization and other.organization and sp.organization in other.organization)
                           else other.organization, sp.pronoun)
    first = ctx.people().get(sp.name)
    if first:
        found = describe_mention(ctx, *first)
        if found:
            title, org = found
            org_new = sp.organization or org
            if sp.organization and org and sp.organization in org:
                org_new = org
            return Speaker(sp.name, sp.kind, sp.start, sp.end, sp.title or title, org_new, sp.pronoun)
    return sp


_APPOSITIVE = re.compile(r"\s*,\s*([^,.;()]{2,140}?)(?:,|\.\s|;|\(| said| told| who | which |$)")


def describe_mention(ctx: Context, start: int, end: int) -> tuple[str | None, str | None] | None:
    """Title and organisation around a name anywhere in the article ("ING economist Lin Song", "Lin Song, ...")."""
    return ctx._once(("describe", start, end), lambda: _describe_mention(ctx, start, end))


def _describe_mention(ctx: Context, start: int, end: int) -> tuple[str | None, str | None] | None:
    lex = lexicon()
    text = ctx.text
    left = max(0, start - 120)
    cut = left
    for m in _BOUNDARY.finditer(text, left, start):
        cut = m.end()
    pre = tokens(text, cut, start)
    # stop at the nearest word that cannot stand in a role or an organisation's name (a verb, an article)
    k = len(pre)
    while k and (pre[k - 1].cap or pre[k - 1].low in lex["modifiers"] or pre[k - 1].low in lex["heads"]
                 or pre[k - 1].text in _POSSESSIVE or pre[k - 1].low in _CONNECT):
        k -= 1
    pre = pre[k:]
    if pre and pre[-1].text in lex["honorifics"]:
        pre = pre[:-1]
    title, org = read_premodifiers(text, pre, ctx, lex) if pre else (None, None)
    m = _APPOSITIVE.match(text[end:end + 200])
    if m and not title:
        seg = tokens(text, end + m.start(1), end + m.end(1))
        a_title, a_org = read_appositive(text, seg, lex)
        title, org = a_title, org or a_org
    if title and not org and k == 0:
        # "at the Bank of Nova Scotia, deputy chief economist Warren Jestin": the employer leads the clause
        lead = re.search(r"\b(?:at|of|from)\s+(?:the\s+)?([A-Z][\w.&'’-]*(?:\s+(?:of|and|&|[A-Z][\w.&'’-]*))*)\s*,\s*$",
                         text[max(0, cut - 80):cut])
        if lead:
            org = lead.group(1)
    if title or org:
        return title, org
    return None


def _pronoun(tok: Tok, ctx: Context, lex: dict) -> Speaker | None:
    person = tok.low in lex["person_pronouns"]
    if tok.low in ("i", "we"):
        return None
    latest = True
    for sp in reversed(ctx.speakers):
        if sp.start > tok.start:
            continue
        if tok.low == "they" and tok.start - sp.end > 400:
            return None  # a "they" far from any organisation that spoke is people in general
        if person and latest and sp.kind == "organization" and sp.title and tok.start - sp.end < 600 \
                and sp.title.split()[-1].lower() in lex["voices"]:
            # "a spokesman for the ministry said ... He said": the body still speaks through the same person
            return Speaker(sp.name, sp.kind, tok.start, tok.end, sp.title, sp.organization, pronoun=True)
        latest = False
        if (sp.kind == "person") == person:
            if person:
                # someone named as a sentence's subject after that speaker is who "he" means now
                later = [m for m in ctx.subject_mentions() if sp.end <= m[0] and m[1] <= tok.start
                         and m[2] != sp.name]
                if later:
                    return _enrich(Speaker(later[-1][2], "person", tok.start, tok.end, pronoun=True), ctx)
            return Speaker(sp.name, sp.kind, tok.start, tok.end, sp.title, sp.organization, pronoun=True)
    if person:
        # no earlier speaker: the nearest person the article names before the pronoun
        best = None
        for name, (s, e) in ctx.people().items():
            if e <= tok.start and (best is None or s > best[1]):
                best = (name, s)
        if best:
            return _enrich(Speaker(best[0], "person", tok.start, tok.end, pronoun=True), ctx)
        # nobody named before: the pronoun itself is the best the article offers
        return Speaker(tok.text, "person", tok.start, tok.end, pronoun=True)
    # "it said": the organisation or government named last before the pronoun
    if tok.low == "they":
        return None
    for s, e, name, _ in reversed(ctx.regions):
        if e <= tok.start and tok.start - e < 400:
            return Speaker(name, "organization", tok.start, tok.end, pronoun=True)
    return None


def _nominal(main: list[Tok], ctx: Context, lex: dict, text: str) -> Speaker | None:
    """A source without a name: "the agency" (an earlier organisation), "the bank's new president" (an earlier
    person with that role); generic and data sources give None."""
    words = [t for t in main if t.text not in _POSSESSIVE]
    if not words:
        return None
    head = words[-1]
    s, e = main[0].start, main[-1].end
    if head.low in lex["data"]:
        return None
    determiner = main[0].low in ("the", "its", "their", "his", "her") or any(t.text in _POSSESSIVE for t in main)
    if head.low in lex["org_anaphora"] and determiner and main[0].low == "the":
        for sp in reversed(ctx.speakers):
            if sp.kind == "organization" and sp.start < s:
                return Speaker(sp.name, sp.kind, s, e, pronoun=True)
        for rs, re_, name, _ in reversed(ctx.regions):
            if re_ <= s and head.low in ("government", "administration", "ministry") and s - re_ < 300:
                return Speaker(name, "organization", s, e, pronoun=True)
        named = ctx.last_org(s)
        if named:
            return Speaker(named, "organization", s, e, pronoun=True)
        return None
    if head.low in lex["heads"] and determiner:
        for sp in reversed(ctx.speakers):
            if sp.kind == "person" and sp.title and head.low in sp.title.lower().split():
                return Speaker(sp.name, "person", s, e, sp.title, sp.organization, pronoun=True)
        for name, (ps, pe) in ctx.people().items():
            found = describe_mention(ctx, ps, pe)
            if found and found[0] and head.low in found[0].lower().replace("-", " ").split():
                return Speaker(name, "person", s, e, found[0], found[1], pronoun=True)
        if any(t.cap for t in main) and head.low not in lex["generic"] or any(t.text in _POSSESSIVE for t in main):
            title, org = read_premodifiers(text, main, ctx, lex)
            owner = next((main[k - 1] for k in range(1, len(main)) if main[k].text in _POSSESSIVE), None)
            if org is None and owner is not None and owner.low in lex["org_anaphora"]:
                org = ctx.last_org(s)  # "the bank's new president": the bank named before
            return Speaker(text[s:e], "person", s, e, title=title, organization=org, pronoun=True)
    return None


def _generic_after_name(main, i, j, ctx, lex, text) -> Speaker | None:
    """ "a spokesperson for Innio Group" reads as a run after the role; "Bloomberg survey" is data."""
    rest = main[j:]
    if rest and rest[-1].low in lex["data"]:
        return None
    if rest and rest[-1].low in ("spokesman", "spokeswoman", "spokesperson", "official", "officials"):
        # "An EU spokesman", "a State Department official": the body speaks through its spokesperson or officials
        s, e = main[i].start, main[j - 1].end
        name = ctx.region_name(s, e) or text[s:e]
        return Speaker(name, "organization", s, e, title=rest[-1].text)
    return None


_STATEMENT = re.compile(r"\s*(?:a|an|the|its|his|her|their)\s+(?:\w+\s+)?(?:statement|release|letter|e-?mail|note|"
                        r"filing|report|post|tweet)\s+(?:(?:issued|released|sent|posted)\s+)?(?:from|by|of)\s+", re.I)
_ADDRESSEE = re.compile(r"\s(?:to|on|in|at|about)\s")
_SPOKESPERSON = re.compile(r"(?:an?|the)\s+(spokes(?:man|woman|person)|representative)\s+(?:for|of|at)\s+(.+)$",
                           re.I | re.S)


def statement_from(text: str, start: int, end: int, ctx: Context) -> Speaker | None:
    """ "the statement from Boeing", "a statement issued by the ministry" -> whoever issued it."""
    issuer = statement_issuer(text, start, end)
    return read_source(text, *issuer, ctx) if issuer else None


def statement_issuer(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where statement_from reads the issuer of a statement in text[start:end] (None: no statement)."""
    m = _STATEMENT.match(text[start:end])
    if not m:
        return None
    s = start + m.end()
    # "from the agency to Boeing": the issuer ends before the addressee
    t = _ADDRESSEE.search(text[s:end])
    e = s + t.start() if t else end
    return s, e


def spokesperson_for(text: str, start: int, end: int, ctx: Context) -> Speaker | None:
    """ "A spokesperson for Austrian-based Innio Group" -> the organisation, with the spokesperson as title."""
    m = _SPOKESPERSON.match(text[start:end].strip())
    if not m:
        return None
    lex = lexicon()
    off = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    seg_start = off + m.start(2)
    toks = tokens(text, seg_start, end)
    cut = next((k for k, t in enumerate(toks) if t.text in (",", ";", "(")), len(toks))
    toks = [t for t in toks[:cut] if not t.low.endswith("-based")]
    run = _org_run(toks, lex, text)
    if not run:
        return None
    s = text.index(run, seg_start)
    name = ctx.region_name(s, s + len(run)) or run
    return Speaker(name, "organization", s, s + len(run), title=m.group(1))
