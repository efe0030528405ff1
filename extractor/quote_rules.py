"""Quote attribution by rule, without a parser: a quoted passage and the cue clause beside it (", he said",
"said ONGC chairman Subir Raha", "Jestin said, "), and plain indirect frames ("X said (that) ...", "..., X said.",
"according to X, ...").

Example:
    >>> m = after_cue(', said ONGC chairman Subir Raha.')
    >>> m.group("cue"), m.group("sp")
    ('said', 'ONGC chairman Subir Raha')
"""
from __future__ import annotations

import functools
import re

from extractor.quote_cues import cues
from extractor.regexes import trie

# auxiliaries and adverbs between a speaker and the cue ("has also said"); a prefix tree as the cue forms are
# (each word is followed by \s+, so at most one can match at a position, as with the flat alternation)
_AUX = r"(?:" + trie(["also", "then", "later", "has", "had", "have", "was", "is", "were", "are", "would", "will",
                      "further", "again", "once", "previously", "earlier", "recently", "simply", "just", "repeatedly",
                      "publicly", "quickly", "flatly"]) + r"\s+)*"
# the speaker phrase after a cue ends before an adverbial tail ("in a statement", "on Tuesday", ", adding ...")
_TAIL = r"(?=\s*(?:$|[.;:!?]\s|[.;:!?]$|\s(?:in|at|on|during|to|from|after|before|while|when|as|because|but|and|" \
        r"last|this|on|about|via|through|into|over|under|late|early|earlier|yesterday|today|tonight|tomorrow)\b|" \
        r",\s*(?:despite|adding|saying|noting|who|which|as|in|at|on|after|before|while|when|according|but|and|" \
        r"although|though|because|referring|speaking|in)\b))"


# a speaker phrase holds no sentence end, but may hold the stops of "Mr.", "Jr." and initials ("G.K. Butterfield")
_ABBR = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Prof", "Rev", "Inc", "Co",
         "Corp", "Ltd", "Dept", "No", "Mt", "Ft", "Calif", "Mass", "Wis", "Ga", "Fla", "Ill", "Ky", "Va", "Pa", "Ariz",
         "Conn", "Tenn", "Tex", "Mich", "Minn", "Wash", "Ore", "Md", "Mo", "Ala", "Okla", "Colo", "Del", "Nev", "Neb")
_SP = r"(?:[^\"“”.;:!?]|(?<=\b[A-Z])\.|" + "|".join(r"(?<=\b%s)\." % a for a in _ABBR) + ")"


_NOT_ABBR = r"(?<!\b[A-Z])" + "".join(r"(?<!\b%s)" % a for a in _ABBR)


@functools.lru_cache(maxsize=1)
def _forms() -> str:
    c = cues()
    # the single verbs as one prefix tree (quote_cues.trie: the same matches as their flat alternation, every
    # use here follows the group with \b), then the two phrases, in the order the flat alternation tried them
    return trie(f for f in c.lemma_of if " " not in f) + r"|according\s+to|pointed\s+out"


@functools.lru_cache(maxsize=1)
def _after_cue() -> re.Pattern:
    return re.compile(r"^\s*[,—–-]?\s*(?P<cue>" + _forms() + r")\b\s*,?\s*(?P<sp>(?:[^\"“”.]|(?<=\b[A-Z])\.|" +
                      "|".join(r"(?<=\b%s)\." % a for a in _ABBR) + r")+?)" + _NOT_ABBR + _TAIL, re.I)


@functools.lru_cache(maxsize=1)
def _after_speaker() -> re.Pattern:
    return re.compile(r"^\s*[,—–-]?\s*(?P<sp>" + _SP + r"{1,160}?)\s+" + _AUX + r"(?P<cue>" + _forms() + r")\b",
                      re.I)


def after_cue(text: str) -> re.Match | None:
    """Cue first, then the speaker: ', said Mr Aiyar.'"""
    m = _after_cue().match(text)
    if m and not m.group("cue")[0].isupper():
        return m
    return None


def after_speaker(text: str) -> re.Match | None:
    """Speaker first, then the cue: ', the agency said in its monthly report.'"""
    m = _after_speaker().match(text)
    return m if m and not m.group("cue")[0].isupper() else None


_TAIL_RX = re.compile(_TAIL)
_CLAUSE_AFTER = re.compile(r"\s+(?:that\s+)?[a-z]")
# "said several months after her release", "said two days later": a time, not what was said
_TIME_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:days?|weeks?|months?|years?|hours?|minutes?|later|ago|earlier|"
                         r"after|before)\b", re.I)
# what a cue takes after it: "said of the election" names the topic, not the words
_TOPIC = re.compile(r"\s+(?:of|about|regarding)\b", re.I)


def cue_takes_clause(rest: str) -> bool:
    """Whether the words after a cue are what was said ("... Smith said the bill would pass"), not an adverbial tail
    ("said on Tuesday", "said two days later", "said, adding") or the end of the sentence: then a quoted passage
    before the speaker is not the quote (a show's or book's title: 'Speaking on "Meet the Press," Smith said the
    bill would pass').

    Example:
        >>> [cue_takes_clause(r) for r in (" the bill would pass.", " in a statement.", ".", " two days later.")]
        [True, False, False, False]
    """
    if not _CLAUSE_AFTER.match(rest) or _TAIL_RX.match(rest) or _TIME_AFTER.match(rest) or _TOPIC.match(rest):
        return False
    # "told the host, ...": a listener up to a comma is no clause
    return len(re.split(r"[,;.!?]", rest, maxsplit=1)[0].split()) >= 3


class Hit:
    """A match-like result built by hand (group spans by name), for the cue clause before a quote."""

    def __init__(self, spans: dict[str, tuple[int, int]], text: str):
        self.spans, self.text = spans, text

    def start(self, name: str) -> int:
        return self.spans[name][0]

    def end(self, name: str) -> int:
        return self.spans[name][1]

    def group(self, name: str) -> str | None:
        span = self.spans.get(name)
        return self.text[span[0]:span[1]] if span else None


_AFTER_CUE_TO_QUOTE = re.compile(r"(?:\s+(?P<listener>(?-i:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})|him|her|them|"
                                 r"reporters|us|me))?(?:\s+(?:during|in|on|at|last|this|after|before|to|on)\b"
                                 r"[^,\"“”.;]{0,50}(?=,))?(?:\s+(?P<that>that))?\s*[,:—–]?\s*$", re.I)
_CUE_FIRST = re.compile(r"^\s*(?P<cue>Said|Says|Added|Adds|Wrote|Writes|Asked|Explained|Noted)\s+(?P<sp>[^:,\"“”]{2,80}?)"
                        r"\s*[:,]\s*$")
_AUX_TAIL = re.compile(r"(?:\s+(?:also|then|later|has|had|have|was|is|were|are|would|will|further|again|once|"
                       r"previously|earlier|recently|simply|just|repeatedly|publicly|quickly|flatly))*\s*$", re.I)
_CLAUSE_START = re.compile(r"[\"“”;:!?]|(?<![A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSen)(?<!\bRep)"
                           r"(?<!\bGov)(?<!\bGen)(?<!\bSt)(?<!\bJr)\.\s")


def before_quote(text: str, cues_in=None) -> Hit | None:
    """A cue clause that opens a quote: 'Jestin said, ' or 'Yeutter said ' or 'In a statement, Peabody said: '.
    Read from the end: the last cue, then only a listener, "that" or punctuation before the quotation mark.
    `cues_in(base)`, where given, lists the cue pattern's matches in text[base:] as (start, end, words) of that
    slice, or None where it cannot tell (the caller finds them faster than the pattern; see QuoteFinder)."""
    first = _CUE_FIRST.match(text)
    if first:
        # 'Said Ellis: "..."': the cue opens the sentence and the speaker follows it
        return Hit({"sp": first.span("sp"), "cue": first.span("cue")}, text)
    base = max(0, len(text) - 260)
    tail = text[base:]
    found = cues_in(base) if cues_in is not None else None
    if found is None:
        found = [(m.start(), m.end(), m.group()) for m in cues().word.finditer(tail)]
    for m_start, m_end, words in reversed(found):
        if words[0].isupper() or " " in words and words.lower().startswith("according"):
            continue
        rest = _AFTER_CUE_TO_QUOTE.match(tail, m_end)
        if not rest:
            continue
        head = tail[:m_start]
        aux = _AUX_TAIL.search(head)
        sp_end = aux.start() if aux else len(head)
        starts = [x.end() for x in _CLAUSE_START.finditer(head, 0, sp_end)]
        sp_start = starts[-1] if starts else 0
        if not tail[sp_start:sp_end].strip():
            return None
        spans = {"sp": (base + sp_start, base + sp_end), "cue": (base + m_start, base + m_end)}
        if rest.group("that"):
            spans["that"] = (base + rest.start("that"), base + rest.end("that"))
        return Hit(spans, text)
    return None


# a wire dateline: with its date ("WASHINGTON, March 5 - ", "March 5 - ", "LONDON, May 9 (Reuters) - "), the city
# alone ("WASHINGTON - "), or what a source phrase kept of it, the day ("5 - Federal Reserve Board")
_DATED = re.compile(r"\s*(?:[A-Z][A-Z.' -]{2,},\s*)?[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:\s*\([A-Za-z ]{2,20}\))?"
                    r"\s*[-–—]+\s+")
_DATELINE = re.compile(r"\s*[A-Z][A-Z.' -]{2,},?(?:\s+[A-Z][a-z]{2,}\.?\s+\d{1,2})?\s*[-–—]+\s*")
_DAY_DASH = re.compile(r"\d{1,2}\s*[-–—]+\s+(?=[A-Z])")


def skip_dateline(text: str, start: int, end: int, source: bool = True) -> int:
    """Where text[start:end] begins after a wire dateline, which is nobody's name and nothing anybody said. What
    was said (`source=False`) only loses a dated one: "US - China talks" keeps its "US - ".

    Example:
        >>> t = "LONDON, May 9 (Reuters) - Exports rose."
        >>> t[skip_dateline(t, 0, len(t), source=False):]
        'Exports rose.'
    """
    m = _DATED.match(text, start, end) or source and (_DATELINE.match(text, start, end) or
                                                      _DAY_DASH.match(text, start, end))
    return m.end() if m else start


def source_start(text: str, start: int, end: int) -> int:
    """Where the source phrase of a clause begins: leading adverbials and relative clauses set off by commas
    ("In a statement, Peabody said", "Commenting on Japan, which ..., Yeutter said") are dropped."""
    s = skip_dateline(text, start, end)
    # "It's an unlikely scenario; Clinton's team says ...": a clause before a semicolon is no part of the source
    semi = text.rfind(";", s, end)
    if semi >= 0:
        s = semi + 1
    while True:
        seg_end = text.find(",", s, end)
        if seg_end < 0:
            return s
        seg = text[s:seg_end].strip()
        first = seg.split(" ", 1)[0] if seg else ""
        if not seg or _adverbial(first, seg):
            s = seg_end + 1
            # "Speaking at a rally in Novi, Michigan, Trump says": a place name after the adverbial belongs to it
            nxt = text.find(",", s, end)
            if seg[-1:].isalpha() and seg.split()[-1][:1].isupper() and nxt > 0 and \
                    re.fullmatch(r"\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?\s*", text[s:nxt]):
                s = nxt + 1
            continue
        return s


_ADVERBIAL_STARTS = {"moreover", "additionally", "likewise", "similarly", "notably", "besides", "specifically",
                     "ultimately", "finally", "first", "second", "third", "next", "further", "crucially", "importantly",
                     "back", "in", "on", "at", "during", "after", "before", "while", "when", "as", "however", "but", "and",
                     "meanwhile", "also", "still", "yet", "so", "speaking", "asked", "commenting", "writing",
                     "referring", "which", "who", "where", "for", "from", "with", "by", "of", "to", "then", "now",
                     "instead", "indeed", "moreover", "furthermore", "separately", "earlier", "later", "last",
                     "since", "despite", "although", "though", "if", "unlike", "like", "under", "over", "among",
                     "according", "because", "once", "until", "within", "without", "through", "today", "yesterday",
                     "overall", "elsewhere", "here", "there", "thus", "otherwise", "nevertheless", "again"}


def _adverbial(first: str, seg: str) -> bool:
    low = first.lower()
    return low in _ADVERBIAL_STARTS or (low.endswith("ing") and first[:1].isupper() and len(seg.split()) > 1) \
        or bool(re.fullmatch(r"[A-Z]+(?:\s+[A-Z]+)*,?\s*\w+\s+\d+", seg)) or not seg[:1].isalpha() \
        or (seg[:1].isupper() and len(seg.split()) > 1 and seg.split()[1].lower() in
            ("is", "was", "has", "had", "are", "were"))


def subject_end(text: str, start: int, end: int) -> int:
    """End of the noun phrase that opens a clause ("Trump attacked Clinton ..." -> after "Trump"): the source of a
    participle cue ("..., saying, ") is the clause's subject."""
    m = re.match(r"\s*(?:(?:the|The)\s+)?(?:[A-Z][\w.'’-]*|of|and)(?:\s+(?:[A-Z][\w.'’-]*|of|and|[a-z]+(?=\s+[A-Z])))*",
                 text[start:end])
    return start + m.end() if m and m.end() else end


def trim_tail_prepositions(text: str, start: int, end: int) -> int:
    """End of a source phrase before a prepositional tail that follows a name ("Cameron Easley for Morning Consult",
    "Figueroa told USA Today")."""
    seg = text[start:end]
    m = re.search(r"(?<=[A-Za-z.])\s+(?:for|told|telling|in|at|on|during|to|from|via|with)\s", seg)
    comma = seg.find(",")
    if m and (comma < 0 or m.start() < comma):
        return start + m.start()
    return end
