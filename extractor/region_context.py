"""When a gazetteer match is a region mention: the rules of SCHEMA.md (Region) as token-context tests.

Rules-only and cheap: each test looks at a few neighbouring tokens, never at a statistical model. The word lists
are data in patterns/region_context.json.

    blocker     a longer phrase that holds a region word but names something else ("New Mexico", "Greater China")
    currency    "Japanese yen", "U.S. dlrs", "Australian and New Zealand dollars" are currencies, not mentions
    org         a region word inside an organisation's name: "Bank of Japan", "Statistics Canada",
                "U.S. Commerce Department", "US Trade Representative's Office"; a role word keeps the mention:
                "U.S. President Donald Trump", "EU Trade Commissioner"
    seat        a capital counts only where it stands for the government: "Beijing retaliated", "talks with
                Washington", "Beijing's response"; not "in Washington", "Tokyo shares", "Washington Post"
    person      "Chad Bown", "Michael Jordan", "Mr Jordan" are people
    state       "Georgia" the US state (sentence or article talks of US states, governors, Atlanta)
    article     "the Gulf" is Western Asia; a bare "Gulf" starts other names
    dateline    "HONG KONG, March 19 -" opens a wire story; other words in capitals are mentions
    EC          the European Community (EU) before 1993-11, afterwards mostly the European Commission
    food        "Turkey prices rose ahead of Thanksgiving"
    successor   before a date a state's words name the state it was then part of (a 1987 "Kremlin" is SU)

Example:
    >>> ctx = Context.load()
    >>> "yen" in ctx.currency and "Bank" in ctx.org_heads and "said" in ctx.gov_verbs
    True
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractor.patterns import load_json

POSSESSIVE = ("'s", "’s", "'", "’")
INITIAL = re.compile(r"^[A-Z]\.$")
NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
# currency words that are also common English words: only a demonym before them makes them a currency
# words before "<seat> to" that are no verbs asking the seat to act
NOT_VERBS = {"the", "a", "an", "and", "or", "but", "that", "this", "trip", "flight", "flights", "route", "way",
             "road", "visit", "return", "returned", "back", "move", "moved", "relocate", "relocated"}
AMBIGUOUS_CURRENCY = {"won", "real", "mark", "marks", "sol", "dong", "som", "lev", "kip", "colon", "punt", "rand",
                      "lari", "dram", "kina", "pula", "austral", "lei", "tala", "vatu", "cent", "cents"}


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    code: str | None
    form: str  # names, demonyms, seats, always_seats, blocker
    pattern_id: str
    keep: bool | None = None


@dataclass
class Context:
    currency: set[str]
    org_heads: set[str]
    org_heads_after_name: set[str]
    org_of_heads: set[str]
    org_prefixes: set[str]
    role_words: set[str]
    neutral_words: set[str]
    gov_verbs: set[str]
    gov_followers: set[str]
    gov_nouns: set[str]
    gov_pre: set[str]
    gov_from_nouns: set[str]
    loc_pre: set[str]
    place_nouns: set[str]
    person_ambiguous: set[str]
    person_titles: set[str]
    not_first_names: set[str]
    not_surnames: set[str]
    us_state: set[str]
    georgia_country: set[str]
    food_words: set[str]
    food_doc: set[str]
    needs_article: set[str]
    community: dict
    successor_before: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    @functools.lru_cache(maxsize=1)
    def load(cls) -> "Context":
        d = load_json("region_context.json")
        succ = load_json("region_aliases.json")["successor_before"]
        return cls(
            currency=set(d["currency_words_lower"]), org_heads=set(d["org_heads"]),
            org_heads_after_name=set(d["org_heads_after_name"]),
            org_of_heads=set(d["org_of_heads"]), org_prefixes=set(d["org_prefixes"]),
            role_words=set(d["role_words"]) - set(d["neutral_words"]), neutral_words=set(d["neutral_words"]),
            gov_verbs=set(d["gov_verbs"]), gov_followers=set(d["gov_followers_lower"]),
            gov_nouns=set(d["gov_nouns_lower"]), gov_pre=set(d["gov_pre"]),
            gov_from_nouns=set(d["gov_from_nouns_lower"]), loc_pre=set(d["loc_pre"]),
            place_nouns=set(d["place_nouns_lower"]), person_ambiguous=set(d["person_ambiguous"]),
            person_titles=set(d["person_titles"]), not_first_names=set(d["not_first_names"]),
            not_surnames=set(d["not_surnames"]), us_state=set(d["us_state_signals"]),
            georgia_country=set(d["georgia_country_signals"]), food_words=set(d["food_words_lower"]),
            food_doc=set(d["food_doc_signals"]), needs_article=set(d["needs_article"]),
            community=d["community_abbreviations"],
            successor_before={k: (v[0], v[1]) for k, v in succ.items() if not k.startswith("_")},
        )


class Lex(NamedTuple):
    """the lexical facts of a word type the rules read (the same values the spaCy Token gives)"""
    text: str
    lower: str
    is_space: bool
    is_alpha: bool
    is_lower: bool


class Lexicon:
    """Lex per word type (orth hash), computed once from the vocab's lexeme and cached across docs.

    >>> import spacy
    >>> nlp = spacy.blank("en"); doc = nlp("Beijing retaliated")
    >>> Lexicon().lex(doc.vocab, doc[0].orth)
    Lex(text='Beijing', lower='beijing', is_space=False, is_alpha=True, is_lower=False)
    """

    def __init__(self, max_size: int = 50_000):
        self.cache: dict[int, Lex] = {}
        self.max_size = max_size  # word types; the cache starts afresh past this, so a long batch holds no more

    def lex(self, vocab: Vocab, orth: int) -> Lex:
        lex = self.cache.get(orth)
        if lex is None:
            if len(self.cache) >= self.max_size:
                self.cache.clear()
            x = vocab[orth]
            lex = self.cache[orth] = Lex(x.orth_, x.lower_, x.is_space, x.is_alpha, x.is_lower)
        return lex


class Decider:
    """Decides, for one doc, which candidates are mentions; `decide` sets each candidate's keep and code.

    Tokens are read by position (`lex(i)`), from the doc's ORTH array and the Lexicon's per-type cache: no
    spaCy Token is made except where a rule reads the sentence a token starts.
    """

    def __init__(self, doc: Doc, cands: list[Candidate], ctx: Context, lexicon: Lexicon | None = None,
                 orth: numpy.ndarray | None = None):
        self.doc, self.cands, self.ctx = doc, cands, ctx
        self.by_start = {c.start: c for c in cands}
        self.by_end = {c.end: c for c in cands}
        self._doc_words: set[str] | None = None
        self.n = len(doc)
        # a memoryview reads one uint64 as a Python int three times faster than indexing the numpy array
        self.orth = memoryview(doc.to_array(ORTH) if orth is None else orth)
        self.lexicon = lexicon or Lexicon()
        self.vocab, self._types = doc.vocab, self.lexicon.cache
        # the Lex of each position the rules have read: they read the same few again and again
        self._at: list[Lex | None] = [None] * self.n
        self._starts: dict[int, bool] = {}

    # -- token helpers (positions) ------------------------------------------------------------------------------
    def lex(self, i: int) -> Lex:
        lex = self._at[i]
        if lex is None:
            orth = self.orth[i]
            lex = self._at[i] = self._types.get(orth) or self.lexicon.lex(self.vocab, orth)
        return lex

    def next_tok(self, i: int) -> int | None:
        """the position of the first token from i on that is no whitespace"""
        n, at = self.n, self._at
        while i < n:
            if not (at[i] or self.lex(i)).is_space:
                return i
            i += 1
        return None

    def prev_tok(self, i: int) -> int | None:
        i -= 1
        at = self._at
        while i >= 0:
            if not (at[i] or self.lex(i)).is_space:
                return i
            i -= 1
        return None

    def starts_sentence(self, i: int) -> bool:
        start = self._starts.get(i)
        if start is None:
            start = self._starts[i] = self.doc[i].is_sent_start is True
        return start

    def is_cap(self, i: int) -> bool:
        return self.lex(i).text[:1].isupper()

    def doc_words(self) -> set[str]:
        if self._doc_words is None:
            self._doc_words = {t.text for t in self.doc}
        return self._doc_words

    # -- the decision -------------------------------------------------------------------------------------------
    def decide(self, published: str | None) -> list[Candidate]:
        self.published = published
        for c in self.cands:
            c.keep = self.keep(c)
            if c.keep:
                c.code = self.successor(c.code, published)
        return [c for c in self.cands if c.keep]

    def keep(self, c: Candidate) -> bool:
        if c.form == "blocker":
            return False
        text = self.lex(c.start).text if c.end == c.start + 1 else self.doc[c.start:c.end].text
        if c.form == "seats":
            return not self.person(c) and self.seat_for_government(c)
        if c.form == "always_seats":
            return not self.org_after(c)
        if c.form == "caps":
            return not self.dateline(c) and not self.currency(c)
        if text in self.ctx.person_ambiguous and self.person(c):
            return False
        if text == "Georgia" and self.us_state(c):
            return False
        if text == "Turkey" and self.food(c):
            return False
        if text in self.ctx.needs_article and not self.after_article(c):
            return False
        if text in self.ctx.community["forms"] and not self.community_era():
            return False
        return not (self.currency(c) or self.org_before(c) or self.org_after(c))

    def successor(self, code: str, published: str | None) -> str:
        rule = self.ctx.successor_before.get(code)
        if rule and published and published[:10] < rule[0]:
            return rule[1]
        return code

    # -- currency -----------------------------------------------------------------------------------------------
    def currency(self, c: Candidate, hops: int = 0) -> bool:
        n = self.next_tok(c.end)
        if n is None:
            return False
        word = self.lex(n).lower
        if word in self.ctx.currency:
            return word not in AMBIGUOUS_CURRENCY or c.form == "demonyms"
        if word in ("and", "or", ",", "/") and hops < 3:
            other = self.cand_after(n + 1)
            return other is not None and self.currency(other, hops + 1)
        return False

    def cand_after(self, i: int) -> Candidate | None:
        n = self.next_tok(i)
        if n is not None and self.lex(n).lower == "the":
            n = self.next_tok(n + 1)
        return self.by_start.get(n) if n is not None else None

    # -- organisations ------------------------------------------------------------------------------------------
    def org_before(self, c: Candidate) -> bool:
        p = self.prev_tok(c.start)
        if p is None:
            return False
        lex = self.lex(p)
        if lex.text in self.ctx.org_prefixes and p == c.start - 1:
            return True
        if lex.lower in ("of", "for"):
            # "Bank of Japan", "Economic Commission for Latin America", "Centre for European Reform"
            pp = self.prev_tok(p)
            return pp is not None and self.lex(pp).text in self.ctx.org_of_heads
        return False

    def org_after(self, c: Candidate) -> bool:
        """scan the capitalised words after the match: an organisation head word makes it a name, a role keeps it"""
        ctx = self.ctx
        i, run, hops = c.end, 0, 0
        while i < self.n and run < 6:
            t = self.lex(i)
            if t.is_space:
                i += 1
                continue
            first = t.text[:1]
            if (not (first.isupper() and first.isalpha()) and t.text not in POSSESSIVE and t.text not in ("-", "&")
                    and t.lower not in ("and", "&")):
                return False  # what the rules below come to for such a word, without reading the sentence start
            if i in self.by_start or self.starts_sentence(i):
                return False
            if t.text in POSSESSIVE:
                if run == 0:
                    return False
                n = self.next_tok(i + 1)
                return n is not None and self.lex(n).text in ctx.org_heads
            if t.text in ("-", "&") and run:
                i += 1
                continue
            if t.lower in ("and", "&") and run == 0 and hops < 2:
                # "Australia and New Zealand Banking Group": the name goes on past the second region
                other = self.by_start.get(i + 1) or self.by_start.get(i + 2)
                if other is None:
                    return False
                i, hops = other.end, hops + 1
                continue
            if not t.text[:1].isupper() or not t.text[:1].isalpha():
                return False
            if t.text in ctx.org_heads or (run and t.text in ctx.org_heads_after_name):
                # "U.S. Administration" is the government; "U.S. Federal Aviation Administration" an agency
                return True
            if t.text in ctx.role_words:
                n = self.next_tok(i + 1)
                if n is not None and self.lex(n).text in POSSESSIVE:
                    nn = self.next_tok(n + 1)
                    return nn is not None and self.lex(nn).text in ctx.org_heads
                return n is not None and self.lex(n).text in ctx.org_heads and not self.starts_sentence(n)
            run += 1
            i += 1
        return False

    # -- seats of government ------------------------------------------------------------------------------------
    def seat_for_government(self, c: Candidate, hops: int = 0) -> bool:
        ctx = self.ctx
        p = self.prev_tok(c.start)
        pl = self.lex(p) if p is not None else None
        if pl is not None and pl.lower == "from":
            # "scrutiny from Washington" is the government, "flights from Beijing" a place
            pp = self.prev_tok(p)
            return pp is not None and self.lex(pp).lower in ctx.gov_from_nouns
        if pl is not None and pl.lower in ctx.loc_pre:
            # "a shift in Beijing's policy": the possessive's noun outweighs the preposition
            return self.possessed_noun(c.end) in ctx.gov_nouns
        n = self.next_tok(c.end)
        if n is not None and not self.starts_sentence(n):
            nl = self.lex(n)
            if nl.text == "-" or (nl.text[:1].isupper() and nl.is_alpha):
                return False  # "London-based", "Beijing Mayor", "Paris Club": a place or a name, whatever precedes
        if self.follows_for_government(c.end, hops):
            return True
        if pl is None:
            return False
        if (n is not None and self.lex(n).lower == "to" and pl.is_alpha and pl.is_lower
                and pl.lower not in NOT_VERBS):
            # the object of a verb asked to act: "pushing Brussels to conclude", "urged Beijing to"
            return True
        if pl.lower in ctx.gov_pre:
            return True
        if pl.lower in ("and", "or", ",") and hops < 3:
            # "between Washington and Beijing": the seat before decides
            before = self.by_end.get(p)
            if before is not None and before.form != "blocker":
                return before.form != "seats" or self.seat_for_government(before, hops + 1)
        return False

    def possessed_noun(self, end: int) -> str | None:
        n = self.next_tok(end)
        if n is None or self.lex(n).text not in POSSESSIVE:
            return None
        nn = self.next_tok(n + 1)
        return self.lex(nn).lower if nn is not None else None

    def follows_for_government(self, end: int, hops: int) -> bool:
        ctx = self.ctx
        n = self.next_tok(end)
        if n is None or self.starts_sentence(n):
            return False
        nl = self.lex(n)
        if nl.text == "-" or (nl.text[:1].isupper() and nl.text not in ("and",)):
            return False
        if nl.text in POSSESSIVE:
            nn = self.next_tok(n + 1)
            if nn is None:
                return False
            nnl = self.lex(nn)
            return not nnl.text[:1].isupper() and nnl.lower not in ctx.place_nouns and nnl.is_alpha
        if nl.lower in ("and", "or") and hops < 3:
            other = self.cand_after(n + 1)
            if other is not None:
                return self.follows_for_government(other.end, hops + 1)
            return False
        # a past tense straight after the seat ("Beijing bought", "Washington slapped") is the government acting
        if nl.lower in ctx.gov_followers:
            return True  # "the Seoul government", "Washington officials"
        return nl.lower in ctx.gov_verbs or (nl.is_lower and nl.is_alpha and len(nl.text) > 4
                                             and nl.text.endswith("ed"))

    # -- people, states, food -----------------------------------------------------------------------------------
    def person(self, c: Candidate) -> bool:
        ctx = self.ctx
        p = self.prev_tok(c.start)
        if p is not None:
            pt = self.lex(p).text
            if pt in ctx.person_titles:
                return True
            if (p == c.start - 1 and NAME_WORD.match(pt) and pt not in ctx.not_first_names
                    and p not in self.by_end_index()):
                return True
        n = self.next_tok(c.end)
        if n is None or n != c.end or n in self.by_start or self.starts_sentence(n):
            return False
        nt = self.lex(n).text
        if INITIAL.match(nt):
            return True
        return (bool(NAME_WORD.match(nt)) and nt not in ctx.not_surnames and nt not in ctx.org_heads
                and nt not in ctx.role_words)

    @functools.cached_property
    def _ends(self) -> set[int]:
        return {c.end - 1 for c in self.cands if c.form != "blocker"}

    def by_end_index(self) -> set[int]:
        return self._ends

    def us_state(self, c: Candidate) -> bool:
        ctx = self.ctx
        sent = self.doc[c.start].sent if self.doc.has_annotation("SENT_START") else self.doc[:]
        words = {t.text for t in sent}
        p = self.prev_tok(c.start)
        pp = self.prev_tok(p) if p is not None else None
        if p is not None and self.lex(p).lower == "of" and pp is not None and self.lex(pp).lower == "state":
            return True
        n = self.next_tok(c.end)
        if n is not None and self.lex(n).lower == "state":
            return True
        if words & ctx.us_state:
            return True
        doc_words = self.doc_words()
        if doc_words & ctx.georgia_country:
            return False
        return bool(doc_words & (ctx.us_state - {"state", "State", "county", "County", "governor", "Governor"}))

    def community_era(self) -> bool:
        """ "EC" is the European Community in a 1987 wire and the European Commission in a 2004 one"""
        published = getattr(self, "published", None)
        if published:
            return published[:10] < self.ctx.community["until"]
        return bool(self.doc_words() & set(self.ctx.community["doc_signals"]))

    def dateline(self, c: Candidate) -> bool:
        """ "SINGAPORE, April 13 - ..." opens a wire story: where it was written, not what it is about"""
        n = self.next_tok(c.end)
        if n is None or self.lex(n).text not in (",", "/"):
            return False
        if c.start == 0:
            return True
        # a token's trailing whitespace is one space or none: a newline before the match is a token of its own
        before = self.lex(c.start - 1)
        return "\n" in before.text or before.is_space

    def after_article(self, c: Candidate) -> bool:
        """"the Gulf" is the region; "Gulf" alone starts names ("Gulf Keystone")"""
        p = self.prev_tok(c.start)
        n = self.next_tok(c.end)
        return (p is not None and self.lex(p).lower == "the" and
                (n is None or not (self.is_cap(n) and not self.starts_sentence(n)) and self.lex(n).lower != "of"))

    def food(self, c: Candidate) -> bool:
        n = self.next_tok(c.end)
        if n is None or self.lex(n).lower not in self.ctx.food_words:
            return False
        return self.starts_sentence(c.start) or bool(self.doc_words() & self.ctx.food_doc)
