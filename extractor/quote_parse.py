"""Quote attribution on a parsed sentence: the cue verb's subject is the source, its clausal complement (or, for
"highlighted", its object) what was said; "according to X" makes X the source of the rest of the sentence.

The parse comes from the statistical pipeline run on this one sentence (see extractor/statistical.py); offsets
in the returned frames are offsets into the article.

Example (a frame as returned; offsets are article offsets):
    Frame(cue="said", cue_lemma="say", source=(0, 5), content=(11, 30), cue_start=6, cue_end=10)
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extractor.quote_cues import cues

_SUBJECTS = {"nsubj", "nsubjpass"}
_WH = {"why", "how", "whether", "if", "what"}
_CLAUSE_DEPS = {"advcl", "xcomp", "conj", "pcomp", "acl", "relcl"}


@dataclass
class Frame:
    cue: str
    cue_lemma: str
    source: tuple[int, int] | None  # the source phrase (article offsets)
    content: tuple[int, int]
    cue_start: int
    cue_end: int
    pattern_id: str


def _negated(tok: Token) -> bool:
    neg = cues().negators
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in tok.children):
        return True
    # "declined to say", "refused to comment", "did not respond": the cue hangs under a negating verb
    head = tok.head
    if tok.dep_ == "xcomp" and (head.lower_ in neg or any(c.dep_ == "neg" for c in head.children)):
        return True
    return False


def _subject(tok: Token) -> Token | None:
    for _ in range(3):
        subj = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return subj if subj.dep_ == "nsubj" or subj.lower_ not in ("it",) else None
        if tok.dep_ == "prep" and tok.head is not tok:
            tok = tok.head  # "said ..., despite warning that ...": through the preposition to the main verb
            continue
        if tok.dep_ in _CLAUSE_DEPS and tok.head is not tok:
            if tok.dep_ in ("acl", "relcl") and tok.head.tag_[:2] in ("NN", "PR"):
                return None if tok.dep_ == "acl" else tok.head
            tok = tok.head
        else:
            return _stranded_subject(tok)
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """A verb the parser left without a subject ("..., deputy chief economist Warren Jestin was less optimistic
    ... and said"): the name right before it, parsed as an appositive, is the subject."""
    k = verb.i - 1
    doc = verb.doc
    while k >= 0 and doc[k].dep_ in ("advmod", "aux", "neg") and doc[k].head.i == verb.i:
        k -= 1
    if k >= 0 and doc[k].tag_ in ("NNP", "NNPS", "PRP") and doc[k].dep_ in ("appos", "npadvmod", "dep"):
        return doc[k]
    return None


def _span(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(tok: Token, skip: set[int] | None = None) -> list[Token]:
    return [t for t in tok.subtree if not skip or t.i not in skip]


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].is_punct and tokens[0].text not in ('"', "“", "'") or tokens[0].lower_ in ("that", "and", "but")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in ('"', "”", "'", ")") or tokens[-1].is_space
                      or tokens[-1].lower_ in ("and", "but", "or", "as", "while")):
        tokens = tokens[:-1]
    return tokens


def frames(parsed: Doc, offset_map: list[int]) -> list[Frame]:
    """Every cue frame in one parsed sentence; offsets are mapped back to the article through `offset_map`."""
    c = cues()
    out: list[Frame] = []
    sent = [t for t in parsed if not t.is_space]
    if not sent:
        return out

    def art(a: int, b: int) -> tuple[int, int]:
        return offset_map[a], offset_map[b - 1] + 1

    for tok in parsed:
        low = tok.lower_
        if low == "according" and tok.i + 1 < len(parsed) and parsed[tok.i + 1].lower_ == "to":
            to = parsed[tok.i + 1]
            pobj = next((x for x in to.children if x.dep_ == "pobj"), None)
            if pobj is None:
                continue
            src = _subtree(pobj)
            phrase = [tok, to] + src
            lo, hi = min(t.i for t in phrase), max(t.i for t in phrase)
            before = _trim([t for t in parsed if t.i < lo])
            after = _trim([t for t in parsed if t.i > hi])
            if before and after:
                content = _trim(list(parsed))
            else:
                content = before or after
            if len(content) < 3:
                continue
            out.append(Frame("according to", "according to", art(*_span(src)), art(*_span(content)),
                             offset_map[tok.idx], offset_map[to.idx + 1] + 1, "according-to"))
            continue
        lemma = c.lemma(low)
        if lemma is None or lemma == "according to":
            continue
        if not tok.tag_.startswith("VB"):
            continue
        if lemma == "point" and not any(ch.lower_ == "out" for ch in tok.children):
            continue
        if _negated(tok):
            continue
        if any(ch.dep_ in ("advmod", "mark") and ch.lower_ in _WH for ch in tok.children) or tok.dep_ == "csubj" \
                or tok.dep_ == "pcomp" and tok.head.lower_ not in ("despite", "after", "before", "while", "by", "in"):
            continue  # "why it has asked", "whether she said": the cue is talked about, not used
        subj = _subject(tok)
        if subj is None:
            continue
        comp = next((ch for ch in tok.children if ch.dep_ == "ccomp"), None)
        content_toks: list[Token] = []
        pid = "parse-ccomp"
        if comp is not None and comp.i < tok.i and any(t.text in (":", ";") for t in parsed[comp.right_edge.i:tok.i]):
            # "... fireworks on Friday: Republicans said they're convinced": what follows the cue was said
            comp = None
            content_toks = [t for t in parsed if t.i > tok.i]
        if comp is not None:
            content_toks = _subtree(comp)
            if comp.i > tok.i:
                # what follows the complement in the cue's own clause ("..., because ...") is still what was said
                right = comp.right_edge.i
                for ch in tok.children:
                    if ch.i > comp.i and ch.dep_ in ("advcl", "conj", "prep", "cc") and c.lemma(ch.lower_) is None \
                            and not any(c.lemma(x.lower_) for x in ch.subtree):
                        right = max(right, ch.right_edge.i)
                content_toks = [t for t in parsed if comp.left_edge.i <= t.i <= right]
        elif lemma in c.content_object:
            obj = next((ch for ch in tok.children if ch.dep_ == "dobj"), None)
            if obj is not None and not obj.tag_.startswith("PRP"):
                extra = [ch for ch in tok.children if ch.dep_ in ("oprd", "xcomp", "ccomp") and ch.i > obj.i]
                content_toks = _subtree(obj) + [t for e in extra for t in e.subtree]
                pid = "parse-object"
        elif lemma in c.listener_first:
            xc = next((ch for ch in tok.children if ch.dep_ in ("xcomp",)), None)
            if xc is not None:
                content_toks = _subtree(xc)
                pid = "parse-xcomp"
        has_object = any(ch.dep_ == "dobj" for ch in tok.children) and lemma not in c.listener_first or \
            any(ch.dep_ == "prep" and ch.lower_ in ("about", "against", "of", "for", "on", "over") for ch in tok.children) \
            or tok.dep_ != "ROOT" and sum(1 for _ in tok.subtree) > 12
        if not content_toks and lemma not in c.needs_clause and not has_object and \
                tok.dep_ in ("parataxis", "ccomp", "advcl", "ROOT"):
            # "All of which, he said, would help": the cue clause is set into the reported sentence
            if tok.dep_ == "ROOT":
                cue_clause = {tok.i} | {t.i for t in subj.subtree}
                for ch in tok.children:
                    if ch.dep_ in ("aux", "auxpass", "advmod", "npadvmod", "prep", "dobj", "dative", "agent"):
                        cue_clause |= {t.i for t in ch.subtree}
            else:
                cue_clause = {t.i for t in tok.subtree}
            lo = min(cue_clause)
            hi = max(cue_clause)
            before = _trim([t for t in parsed if t.i < lo])
            after = _trim([t for t in parsed if t.i > hi])
            if before and after:
                content_toks = _trim([t for t in parsed if t.i >= before[0].i and t.i <= after[-1].i])
            else:
                content_toks = before or after
            pid = "parse-parenthetical"
        content_toks = _cut_other_cues(sorted(set(content_toks), key=lambda t: t.i), tok)
        content_toks = _trim(content_toks)
        if len(content_toks) < 3:
            continue
        src = _source_tokens(subj)
        # content and source must not overlap (a bad parse that folds the subject into the complement)
        s0, s1 = _span(src)
        c0, c1 = _span(content_toks)
        if s0 < c1 and c0 < s1 and pid != "parse-parenthetical":
            continue
        out.append(Frame(tok.text, lemma, art(s0, s1), art(c0, c1), offset_map[tok.idx],
                         offset_map[tok.idx + len(tok.text) - 1] + 1, pid))
    return out


def _cut_other_cues(toks: list[Token], cue: Token) -> list[Token]:
    """Stop the reported clause before a coordinated or participle clause with a cue of its own ("... and said
    she would ...", "..., arguing that ..."): that is another report."""
    c = cues()
    inside = {t.i for t in toks}
    for t in toks:
        if t.i > cue.i and t.dep_ in ("conj", "advcl") and c.lemma(t.lower_) and t.head.i in inside \
                and t.tag_.startswith("VB"):
            cut = t.left_edge.i
            while cut > toks[0].i and parsed_text(t.doc[cut - 1]) in (",", "and", "but", "while", "as", "then"):
                cut -= 1
            return [x for x in toks if x.i < cut]
    return toks


def parsed_text(t: Token) -> str:
    return t.lower_


def _source_tokens(subj: Token) -> list[Token]:
    toks = list(subj.subtree)
    # a relative clause or trailing participle adds nothing to who the source is, but keeps the appositive
    drop = set()
    for t in toks:
        if t.dep_ in ("relcl", "acl") and t.head.i in {x.i for x in toks}:
            drop |= {x.i for x in t.subtree}
    kept = [t for t in toks if t.i not in drop]
    while kept and kept[-1].is_punct:
        kept = kept[:-1]
    return kept or [subj]
