"""Where `newsfacts parse` gets pages: HTML files and folders, or the `pages` table a crawl stored.

Every source yields `RawPage`s (id, bytes, url, headers) or `Problem`s; a bad file never stops the others.
A file's article id is its name without extensions (`a1.html.gz` -> `a1`); a stored page keeps the article id
the crawler gave it (a hash of its canonical URL).

Example:
    >>> import gzip, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a1.html.gz").write_bytes(gzip.compress(b"<p>hi</p>"))
    >>> [(p.article_id, p.data) for p in html_files([folder])]
    [('a1', b'<p>hi</p>')]
"""
from __future__ import annotations

import gzip
import json
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")


@dataclass
class RawPage:
    article_id: str
    data: bytes
    source: str
    url: Optional[str] = None
    headers: dict = field(default_factory=dict)
    canonical_url: Optional[str] = None  # what the crawler found, used when the page itself says nothing


@dataclass(frozen=True)
class Problem:
    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def file_id(path: Path) -> str:
    """A file's article id: its name without extensions.

    >>> file_id(Path("pages/trade-2024.html.gz"))
    'trade-2024'
    """
    return path.name.split(".")[0] or path.name


def _is_html(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def html_files(paths: Iterable[Union[str, Path]]) -> Iterator[Union[RawPage, Problem]]:
    """The HTML files named and those inside the folders named (recursively, in name order)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and _is_html(p)):
                yield _read(child)
        elif path.is_file():
            if _is_html(path):
                yield _read(path)
            else:
                yield Problem(str(path), "not an HTML file: use .html, .htm or .html.gz")
        else:
            yield Problem(str(path), "no such file or folder")


def _read(path: Path) -> Union[RawPage, Problem]:
    try:
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        return Problem(str(path), f"cannot read: {e}")
    return RawPage(article_id=file_id(path), data=data, source=str(path))


def decompress_body(blob: Optional[bytes], codec: Optional[str] = None) -> bytes:
    """A stored body's raw bytes: zlib or gzip as the row says, else as the first bytes show, else as stored.

    >>> decompress_body(zlib.compress(b"<p>x</p>")), decompress_body(gzip.compress(b"<p>y</p>"), "gzip")
    (b'<p>x</p>', b'<p>y</p>')
    """
    if blob is None:
        return b""
    if isinstance(blob, str):
        return blob.encode("utf-8")
    codec = (codec or "").lower()
    if codec in ("gzip", "gz") or (not codec and blob[:2] == b"\x1f\x8b"):
        return gzip.decompress(blob)
    if codec in ("zlib", "deflate") or (not codec and blob[:1] == b"\x78"):
        return zlib.decompress(blob)
    if codec in ("zstd", "zstandard"):
        import zstandard
        return zstandard.ZstdDecompressor().decompress(blob)
    return blob


def stored_pages(db_path: Union[str, Path]) -> Iterator[Union[RawPage, Problem]]:
    """The pages a crawl stored in `db_path` (its `pages` table), in fetch order, without fetching anything."""
    path = Path(db_path)
    if not path.is_file():
        yield Problem(str(path), "no such database")
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        if "pages" not in tables:
            yield Problem(str(path), "no pages table: crawl something into this database first")
            return
        columns = {r[1] for r in conn.execute("pragma table_info(pages)")}
        order = "order by fetched_at, url" if "fetched_at" in columns else "order by rowid"
        for row in conn.execute(f"select * from pages {order}"):
            yield _stored(dict(row), str(path))
    finally:
        conn.close()


def _stored(row: dict, db: str) -> Union[RawPage, Problem]:
    url = row.get("url")
    source = f"{db}:{url}"
    try:
        data = decompress_body(row.get("body"), row.get("body_codec"))
    except (OSError, EOFError, zlib.error, ValueError) as e:
        return Problem(source, f"stored body cannot be decompressed: {e}")
    try:
        headers = json.loads(row.get("headers") or "{}")
    except ValueError:
        headers = {}
    if not isinstance(headers, dict):
        headers = {}
    if row.get("content_type") and not any(k.lower() == "content-type" for k in headers):
        headers["content-type"] = row["content_type"]
    canonical = row.get("canonical_url")
    article_id = row.get("article_id")
    if not article_id:
        import hashlib
        article_id = hashlib.sha1((canonical or url or "").encode("utf-8")).hexdigest()[:16]
    return RawPage(article_id=str(article_id), data=data, source=source, url=row.get("final_url") or url,
                   headers=headers, canonical_url=canonical)
