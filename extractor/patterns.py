"""Pattern and lexicon files in `patterns/`: where they live, how they load, and their version hash.

Patterns are data: JSONL for spaCy matchers (one pattern a line, each with an `id` that becomes the record's
`pattern_id`), JSON for word lists. The version is a hash of every file's bytes, so a run records exactly which
patterns made its records.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any


class PatternError(ValueError):
    """A pattern file is missing, empty or malformed; the message names the file and line."""


def patterns_dir() -> Path:
    here = Path(__file__).resolve().parent
    # installed wheels carry the files inside the package; a source checkout keeps them at the top level
    for candidate in (here / "patterns", here.parent / "patterns"):
        if candidate.is_dir():
            return candidate
    raise PatternError(f"no patterns/ folder beside {here}: reinstall newsfacts")


@functools.lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    path = patterns_dir() / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PatternError(f"{path}: pattern file not found") from None
    except json.JSONDecodeError as e:
        raise PatternError(f"{path}:{e.lineno}: not JSON: {e.msg}") from None
    if not data:
        raise PatternError(f"{path}: is empty")
    return data


@functools.lru_cache(maxsize=None)
def load_jsonl(name: str) -> list[dict]:
    """Load a JSONL pattern file; every line needs an `id` (it becomes the record's pattern_id)."""
    path = patterns_dir() / name
    out: list[dict] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PatternError(f"{path}: pattern file not found") from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise PatternError(f"{path}:{n}: not JSON: {e.msg}") from None
        if not isinstance(item, dict) or not item.get("id"):
            raise PatternError(f"{path}:{n}: a pattern needs an \"id\"")
        out.append(item)
    if not out:
        raise PatternError(f"{path}: holds no patterns")
    return out


@functools.lru_cache(maxsize=1)
def patterns_version() -> str:
    """A short hash of every file under patterns/ (names and bytes), stable across machines."""
    h = hashlib.sha256()
    root = patterns_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:12]
