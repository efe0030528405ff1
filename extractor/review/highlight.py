"""Cut an article's text into segments for highlighting, displaCy-style: each segment lists the records that cover
it (outermost first), so overlapping and nested records (a figure inside a quote) all show. The template escapes
every piece of text; nothing here builds HTML.

Example:
    >>> segs = segments("Exports rose 5.9%.", [{"id": "f", "type": "figure", "start": 13, "end": 17}])
    >>> [(s["text"], [m["id"] for m in s["marks"]]) for s in segs]
    [('Exports rose ', []), ('5.9%', ['f']), ('.', [])]
"""
from __future__ import annotations

from typing import Any

# outermost first when records nest: a quote holds figures and regions, a figure may hold a region ("$", "U.S.")
TYPE_ORDER = {"quote": 0, "figure": 1, "region": 2}

# the colour legend, as displaCy shows one per entity label
LEGEND = (("figure", "Figure"), ("quote", "Quote"), ("region", "Region"))


def segments(text: str, marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Segments of `text` with the marks (dicts with id, type, start, end, ...) covering each; a mark's last
    segment carries `last: True` on it so its label is shown once, at its end."""
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((max(0, m["start"]), min(len(text), m["end"])))
    points = sorted(cuts)
    ordered = sorted(marks, key=lambda m: (TYPE_ORDER[m["type"]], m["start"], -m["end"]))
    out = []
    for a, b in zip(points, points[1:]):
        if a == b:
            continue
        covering = [{**m, "last": m["end"] == b} for m in ordered if m["start"] <= a and b <= m["end"]]
        out.append({"text": text[a:b], "start": a, "end": b, "marks": covering})
    return out


def evidence(text: str, start: int, end: int, sentence: str | None) -> dict[str, str]:
    """The sentence a record stands in, split around the record so the page can highlight it.

    Uses the record's own `sentence` where the article holds it around the span; otherwise (regions) the stretch
    between the nearest sentence ends.
    """
    s0 = s1 = None
    if sentence:
        s0 = text.rfind(sentence, 0, start + 1)
        if s0 < 0 or s0 + len(sentence) < end:
            s0 = None
        else:
            s1 = s0 + len(sentence)
    if s0 is None:
        s0 = max(text.rfind(c, 0, start) for c in (". ", "? ", "! ", "\n"))
        s0 = 0 if s0 < 0 else s0 + 1
        ends = [i for i in (text.find(c, end) for c in (". ", "? ", "! ", "\n")) if i >= 0]
        s1 = min(ends) + 1 if ends else len(text)
    return {"before": text[s0:start].lstrip(), "match": text[start:end], "after": text[end:s1].rstrip()}
