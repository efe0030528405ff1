"""Reading articles from files: .txt, .html, .jsonl and .jsonl.gz, and folders of these.

`read_inputs` yields either an Article or an InputProblem (file, line, message) and never stops at a bad input:
one broken file or line must not cost the rest of a run.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from pydantic import ValidationError

from extractor.models import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".jsonl.gz", ".ndjson"}
ARTICLE_FIELDS = ("id", "url", "title", "published", "text", "publisher")


@dataclass(frozen=True)
class InputProblem:
    source: str
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def file_id(path: Path) -> str:
    """The id of a file's article: its name without extensions."""
    return path.name.split(".")[0] or hashlib.sha1(str(path).encode()).hexdigest()[:12]


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def expand(paths: Iterable[Union[str, Path]]) -> Iterator[Union[Path, InputProblem]]:
    """Files named and the supported files inside folders named, in a stable order."""
    known = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _suffix(child) in known:
                    yield child
        elif path.exists():
            if _suffix(path) in known:
                yield path
            else:
                yield InputProblem(str(path), f"unsupported file type {path.suffix or '(none)'!r}: "
                                              "use .txt, .html, .jsonl or .jsonl.gz")
        else:
            yield InputProblem(str(path), "no such file or folder")


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else the encoding charset-normalizer detects."""
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (holds NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
        if best is None:
            raise ValueError("cannot tell the text encoding") from None
        return str(best)


def read_file(path: Path) -> Iterator[Union[Article, InputProblem]]:
    source = str(path)
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path)
            return
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            from extractor.parse import parse_html
            article = parse_html(data, article_id=file_id(path))
        else:
            text = decode_text(data)
            article = Article(id=file_id(path), text=text)
        if not article.text.strip():
            yield InputProblem(source, "no article text (the file is empty or holds only markup)")
            return
        yield article
    except (OSError, ValueError) as e:
        yield InputProblem(source, str(e) or type(e).__name__)


def _read_jsonl(path: Path) -> Iterator[Union[Article, InputProblem]]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        yield from jsonl_articles(fh, str(path))


def jsonl_articles(lines: Iterable[str], source: str) -> Iterator[Union[Article, InputProblem]]:
    """Articles from JSON Lines, one a line (blank lines skipped); a bad line becomes an InputProblem naming
    `source` and the line, and the lines after it are still read. Used for files here and by batch for zstd
    streams and archive members."""
    lines = iter(lines)
    n = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except (OSError, EOFError, UnicodeDecodeError) as e:  # a truncated .gz, bytes that are not UTF-8
            yield InputProblem(source, f"cannot read past this line: {e}", n + 1)
            return
        n += 1
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputProblem(source, f"not JSON ({e.msg} at column {e.colno})", n)
            continue
        if not isinstance(obj, dict):
            yield InputProblem(source, "a line must be a JSON object with at least \"text\"", n)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputProblem(source, "missing or empty \"text\"", n)
            continue
        # labels a gold file carries (figures, quotes, regions) are ignored: extraction starts fresh
        fields = {k: obj[k] if k == "text" else str(obj[k]) for k in ARTICLE_FIELDS if obj.get(k) is not None}
        fields.setdefault("id", text_id(text))
        try:
            yield Article(**fields)
        except ValidationError as e:
            yield InputProblem(source, f"not an article: {e.errors()[0]['msg']}", n)


def read_inputs(paths: Iterable[Union[str, Path]]) -> Iterator[tuple[str, Union[Article, InputProblem]]]:
    """(source, Article or InputProblem) for every article in the inputs."""
    for item in expand(paths):
        if isinstance(item, InputProblem):
            yield item.source, item
            continue
        for result in read_file(item):
            yield str(item), result
