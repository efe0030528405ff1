"""Where annotation schemes disagree, which way newsfacts goes: SCHEMA.md's way by default.

Two public gold sets label two constructions differently from SCHEMA.md (and from each other's neighbours):

    range_ends  "both"  (SCHEMA.md, trade-dev) one figure per end: "between $62 and $68" -> 62 and 68
                "first" (NewsQuant) only the first number of a range or a "from X to Y" pair
    quote_runs  "split" (SCHEMA.md, trade-dev) one direct quote per pair of quotation marks:
                '"A," she said. "B."' -> A and B, both attributed to her
                "merge" (PolNeAR) one speaker's run of quoted sentences around one cue is one quote: A ... B

The defaults are the contract; the others exist to compare with, or feed, datasets labelled those ways. A run
records the conventions it used (the runs table's `options`).

Example:
    >>> Conventions(range_ends="first").model_dump()
    {'range_ends': 'first', 'quote_runs': 'split'}
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class Conventions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    range_ends: Literal["both", "first"] = "both"
    quote_runs: Literal["split", "merge"] = "split"
