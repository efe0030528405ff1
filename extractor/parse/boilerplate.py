"""Cleanup of extracted text, line by line: the page furniture trafilatura keeps inside article containers.

Rules (data in `boilerplate.json`, each with an id): the headline repeated as the first line; short lines of
promotion, newsletters, "follow us", author contact, copyright and picture credits; "Related:" lines and the
link list under them; a trailing "Tags" block. Each rule removes only short lines (its `max_words`), so a real
paragraph that happens to start with "Related" survives.

Example:
    >>> clean_lines("Exports rise\\nExports rose 5% in May.\\nSign up for our daily newsletter\\nTags\\ntrade",
    ...             title="Exports rise")
    'Exports rose 5% in May.'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

DATA = Path(__file__).with_name("boilerplate.json")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def rules() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    compiled = [(r["id"], re.compile(r["regex"], re.I), int(r["max_words"])) for r in data["line_patterns"]]
    return {
        "lines": compiled,
        "list_after": re.compile(data["list_after"]["regex"], re.I),
        "list_item": re.compile(data["list_after"]["item"]),
        "tail": re.compile(data["tail_markers"]["regex"], re.I),
        "tail_words": int(data["tail_markers"]["max_after_words"]),
    }


def _norm(text: Optional[str]) -> str:
    return " ".join(_WORD.findall(text.lower())) if text else ""


def furniture_rule(line: str) -> Optional[str]:
    """The id of the rule that marks a line as page furniture, or None for article text.

    >>> furniture_rule("Related: Tariffs hit exporters"), furniture_rule("Related parties said on Monday ...")
    ('related-prefix', None)
    """
    words = len(_WORD.findall(line))
    for rule_id, regex, max_words in rules()["lines"]:
        if words <= max_words and regex.match(line):
            return rule_id
    return None


def _drop_tail(lines: list[str]) -> list[str]:
    """Cut a trailing 'Tags' block: the marker line near the end and the short lines after it."""
    tail, limit = rules()["tail"], rules()["tail_words"]
    for i in range(len(lines) - 1, max(-1, len(lines) - 8), -1):
        if tail.match(lines[i]) and sum(len(_WORD.findall(x)) for x in lines[i + 1:]) <= limit:
            return lines[:i]
    return lines


def clean_lines(text: str, title: Optional[str] = None, description: Optional[str] = None,
                headlines: Iterable[str] = ()) -> str:
    """Extracted text without the furniture lines described in the module docstring."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    head = {_norm(title), *(_norm(h) for h in headlines)} - {""}
    # the headline (and, when it is alone, the standfirst) repeated above the body
    while lines and _norm(lines[0]) in head:
        lines.pop(0)
    lines = _drop_tail(lines)
    out: list[str] = []
    in_link_list = False
    list_after, list_item = rules()["list_after"], rules()["list_item"]
    for line in lines:
        if in_link_list and list_item.match(line):
            continue
        in_link_list = False
        if furniture_rule(line):
            in_link_list = bool(list_after.match(line))
            continue
        out.append(line)
    return "\n".join(out)
