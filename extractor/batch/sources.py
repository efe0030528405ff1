"""Streaming readers for whole archives: every item carries its input file and its position in that file.

Supported inputs
    .warc, .warc.gz          HTML response (and resource) records, parsed like crawled pages
    .jsonl, .jsonl.gz        through `extractor.inputs.read_file`
    .jsonl.zst               zstandard-compressed JSON Lines
    .txt, .html, .htm        one article per file (folders are walked in a stable order)
    .tar, .tar.gz, .tgz, .tar.bz2, .tar.xz, .zip
                             archives of any of the above (members read one at a time)

Positions count the units of one input file from 1 (WARC records, JSON lines read, archive members' items), the
same way on every read, so that "everything up to position P of file F is stored" is a complete checkpoint.
Readers never hold more than one record: memory does not grow with the archive. The heavy part of an item
(HTML parsing, decoding) is left to `Item.load()`, which runs in a worker process.

Example:
    >>> from pathlib import Path
    >>> items = iter_items([Path("corpus")])       # doctest: +SKIP
    >>> next(items).source, next(items).position   # doctest: +SKIP
    ('corpus/a.txt', 1)
"""
from __future__ import annotations

import io
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Callable, Iterable, Iterator, Mapping, Optional, Union


from extractor.inputs import (HTML_SUFFIXES, TEXT_SUFFIXES, InputProblem, decode_text, file_id, jsonl_articles,
                              read_file, text_id)
from extractor.models import Article

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".jsonl.zst", ".ndjson.zst")
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
ZIP_SUFFIXES = (".zip",)
SINGLE_SUFFIXES = tuple(TEXT_SUFFIXES | HTML_SUFFIXES)
ALL_SUFFIXES = WARC_SUFFIXES + JSONL_SUFFIXES + TAR_SUFFIXES + ZIP_SUFFIXES + SINGLE_SUFFIXES
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Page:
    """Raw bytes of one article still to be parsed (HTML) or decoded (text): the worker does it."""

    data: bytes
    article_id: str
    html: bool
    url: Optional[str] = None


@dataclass(frozen=True)
class Item:
    """One unit of an input file: an Article, a Page to parse, or an InputProblem to record."""

    source: str
    position: int
    payload: Union[Article, Page, InputProblem]

    def load(self) -> Union[Article, InputProblem]:
        """The Article (parsing HTML or decoding text where needed) or the problem that stands in for it."""
        p = self.payload
        if not isinstance(p, Page):
            return p
        try:
            if p.html:
                from extractor.parse import parse_html
                article = parse_html(p.data, article_id=p.article_id, url=p.url)
            else:
                article = Article(id=p.article_id, text=decode_text(p.data), url=p.url)
        except (ValueError, LookupError) as e:  # lxml and decoding errors are ValueErrors
            return InputProblem(self.source, str(e) or type(e).__name__, self.position)
        if not article.text.strip():
            return InputProblem(self.source, "no article text (the page is empty or holds only markup)",
                                self.position)
        return article


def kind_of(name: str) -> Optional[str]:
    """'warc', 'jsonl', 'tar', 'zip' or 'single' from a file name, None when unsupported."""
    low = name.lower()
    for kind, suffixes in (("warc", WARC_SUFFIXES), ("jsonl", JSONL_SUFFIXES), ("tar", TAR_SUFFIXES),
                           ("zip", ZIP_SUFFIXES), ("single", SINGLE_SUFFIXES)):
        if low.endswith(suffixes):
            return kind
    return None


def expand(paths: Iterable[Union[str, Path]]) -> Iterator[Union[Path, InputProblem]]:
    """Files named, and supported files inside folders named, in a stable order (each folder listed and sorted
    when the walk reaches it, not the whole tree up front)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            if kind_of(path.name):
                yield path
            else:
                yield InputProblem(str(path), f"unsupported file type {''.join(path.suffixes) or '(none)'!r}: use "
                                              ".warc(.gz), .jsonl(.gz/.zst), .txt, .html, .tar(.gz), .zip or a folder")
        else:
            yield InputProblem(str(path), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file() and kind_of(entry.name):
            yield entry


def iter_items(paths: Iterable[Union[str, Path]], done: Mapping[str, int] | Callable[[str], int] = {}
               ) -> Iterator[Item]:
    """Every item of every input, skipping each file's positions up to `done[file]` (already stored)."""
    committed = done if callable(done) else (lambda s: done.get(s, 0))
    for entry in expand(paths):
        if isinstance(entry, InputProblem):
            # position 0: a missing or unsupported input is reported on every run and never checkpointed, so
            # the file is read in full once it exists
            yield Item(entry.source, 0, entry)
            continue
        yield from read_items(entry, committed(str(entry)))


def read_items(path: Path, after: int = 0) -> Iterator[Item]:
    """The items of one file from position `after + 1` on."""
    source = str(path)
    kind = kind_of(path.name)
    if kind == "single":
        if after < 1:  # already stored files are not even opened
            yield Item(source, 1, _single(path))
        return
    readers = {"warc": _warc, "jsonl": _jsonl_file, "tar": _tar, "zip": _zip}
    position = 0
    try:
        for payload in readers[kind](path, source, after):
            position += 1
            if position > after and payload is not None:
                yield Item(source, position, payload)
    except Exception as e:  # noqa: BLE001  a corrupt archive (truncated gzip, bad WARC header, zstd error) of any
        # library must end this file with a recorded problem, never the whole batch; the message names the type
        position += 1
        if position > after:
            yield Item(source, position, InputProblem(source, f"cannot read past this point: "
                                                              f"{type(e).__name__}: {e}", position))


def _single(path: Path) -> Union[Page, InputProblem]:
    try:
        data = path.read_bytes()
    except OSError as e:
        return InputProblem(str(path), str(e))
    return Page(data, file_id(path), html=path.name.lower().endswith(tuple(HTML_SUFFIXES)))


# WARC ------------------------------------------------------------------------------------------------------------
def _warc(path: Path, source: str, after: int = 0) -> Iterator[Union[Page, InputProblem, None]]:
    """One payload per WARC record; records that hold no HTML page (requests, metadata, images) yield None so
    that positions still count every record. The first `after` records (already stored) are passed over
    unread: no payload copied, no digest computed."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        for n, record in enumerate(ArchiveIterator(fh, check_digests=True), 1):
            yield None if n <= after else _warc_page(record, source)


def _warc_page(record, source: str) -> Union[Page, InputProblem, None]:
    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        ctype = http.get_header("Content-Type") or ""
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if not ctype.lower().split(";")[0].strip() in HTML_TYPES:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    rid = record.rec_headers.get_header("WARC-Record-ID") or ""
    article_id = text_id(uri) if uri else rid.strip("<>").rsplit(":", 1)[-1]
    data = record.content_stream().read()
    # warcio reads a truncated or corrupt gzip member without raising: the record's digest is what tells
    digested = record.rec_headers.get_header("WARC-Block-Digest") or record.rec_headers.get_header("WARC-Payload-Digest")
    if digested and record.digest_checker.passed is not True:
        return InputProblem(source, f"WARC record for {uri or rid} is truncated or corrupt (its digest does not match)")
    return Page(data, article_id, html=True, url=uri)


# JSON Lines --------------------------------------------------------------------------------------------------------
def _jsonl_file(path: Path, source: str, after: int = 0) -> Iterator[Union[Article, InputProblem]]:
    if path.name.lower().endswith(".zst"):
        with open(path, "rb") as raw:
            yield from jsonl_articles(_zstd_text(raw), source)
    else:  # .jsonl and .jsonl.gz: the project's own reader
        yield from read_file(path)


def _text_lines(fh: IO[bytes], size: int = 1 << 16) -> Iterator[str]:
    """UTF-8 lines of a binary stream that may not be seekable (a member of a streamed tar, which
    io.TextIOWrapper refuses)."""
    import codecs
    decoder = codecs.getincrementaldecoder("utf-8")()
    rest = ""
    while block := fh.read(size):
        rest += decoder.decode(block)
        *lines, rest = rest.split("\n")
        for line in lines:
            yield line + "\n"
    rest += decoder.decode(b"", final=True)
    if rest:
        yield rest


def _zstd_text(raw: IO[bytes]) -> IO[str]:
    import zstandard
    return io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(raw), encoding="utf-8")


# archives -----------------------------------------------------------------------------------------------------------
def _member(name: str, open_member: Callable[[], IO[bytes]], source: str
            ) -> Iterator[Union[Article, Page, InputProblem, None]]:
    """The payloads of one archive member; unsupported members yield one None (a position, nothing to do)."""
    label = f"{source}:{name}"
    kind = kind_of(name)
    if kind == "single":
        with open_member() as fh:
            data = fh.read()
        yield Page(data, file_id(PurePosixPath(name)), html=name.lower().endswith(tuple(HTML_SUFFIXES)))
    elif kind == "jsonl":
        with open_member() as fh:
            low = name.lower()
            if low.endswith(".gz"):
                import gzip
                fh = gzip.GzipFile(fileobj=fh)
            elif low.endswith(".zst"):
                import zstandard
                fh = zstandard.ZstdDecompressor().stream_reader(fh)
            yield from jsonl_articles(_text_lines(fh), label)
    elif kind == "warc":
        from warcio.archiveiterator import ArchiveIterator
        with open_member() as fh:
            for record in ArchiveIterator(fh, check_digests=True):
                yield _warc_page(record, label)
    else:
        yield None


def _tar(path: Path, source: str, after: int = 0):
    # "r|*" streams members in order without reading the whole index first
    with tarfile.open(path, "r|*") as tar:
        for info in tar:
            if info.isfile():
                yield from _member(info.name, lambda: tar.extractfile(info), source)


def _zip(path: Path, source: str, after: int = 0):
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.is_dir():
                yield from _member(info.filename, lambda: zf.open(info), source)
