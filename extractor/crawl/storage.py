"""The crawl's two tables, in the same SQLite file as the Store (created here, not by the Store).

frontier  one row per canonical URL a crawl was asked to fetch
          url (pk), state, reason, source (the feed/sitemap/list it came from), published (from the seed),
          added_at, updated_at, attempts, page_url (the `pages` row holding its body: itself, or the page it
          duplicates), seq (admission order)
          state: pending -> stored | not_modified | duplicate | refused | failed
pages     one row per distinct page body
          url (pk: the frontier URL), final_url (after redirects), canonical_url (rel=canonical / og:url, tracking
          parameters stripped), article_id (hash of canonical_url), status, headers (JSON), content_type,
          encoding (what the bytes really are), body (zlib-compressed raw bytes), body_codec, size, content_hash
          (sha256 of the raw body), etag, last_modified, fetched_at (body last downloaded), checked_at (last
          asked, a 304 included), run_started (crawl run that stored the body)

Resumability: a URL's result (its page row and its frontier state) is written in one transaction right after its
fetch, in WAL mode, so a crawl killed at any moment leaves every URL either finished (never fetched again) or
pending (fetched by the next run on the same seeds): none is fetched twice once stored, and none is lost.

Example:
    >>> store = CrawlStore(":memory:")
    >>> store.admit([("http://ex.org/a", "feed", None)])
    ['http://ex.org/a']
    >>> store.state("http://ex.org/a")["state"]
    'pending'
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

import sqlite_utils

from extractor.crawl.fetch import Fetched
from extractor.crawl.page_info import page_canonical, page_encoding

BODY_CODEC = "zlib"
FINAL_STATES = ("stored", "not_modified", "duplicate", "refused")  # never fetched again (unless --refresh)
RETRIED_STATES = ("pending", "failed")                             # fetched by the next run that admits them


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def article_id_for(canonical_url: str) -> str:
    """A stable article id: a hash of the canonical URL (SCHEMA.md)."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


@dataclass
class StoredPage:
    """A page as stored, with its body decompressed."""

    url: str
    final_url: str
    canonical_url: str
    article_id: str
    status: int
    headers: dict
    encoding: str
    body: bytes
    fetched_at: str

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", "replace")


class CrawlStore:
    """The frontier and the pages of all crawls on one database file."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.db = sqlite_utils.Database(self.path)
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA busy_timeout = 30000")
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        db = self.db
        if "frontier" not in db.table_names():
            db["frontier"].create({"url": str, "state": str, "reason": str, "source": str, "published": str,
                                   "added_at": str, "updated_at": str, "attempts": int, "page_url": str,
                                   "seq": int}, pk="url")
            db["frontier"].create_index(["state"])
        if "pages" not in db.table_names():
            db["pages"].create({"url": str, "final_url": str, "canonical_url": str, "article_id": str,
                                "status": int, "headers": str, "content_type": str, "encoding": str,
                                "body": bytes, "body_codec": str, "size": int, "content_hash": str, "etag": str,
                                "last_modified": str, "fetched_at": str, "checked_at": str, "run_started": str},
                               pk="url")
            db["pages"].create_index(["canonical_url"])
            db["pages"].create_index(["content_hash"])
            db["pages"].create_index(["final_url"])

    # frontier ---------------------------------------------------------------------------------------------------
    def admit(self, seeds: Iterable[tuple[str, str, Optional[str]]]) -> list[str]:
        """Add (url, source, published) rows not yet known as pending; return the URLs in the given order."""
        urls: list[str] = []
        now = _now()
        with self.db.conn:
            seq = self.db.execute("select coalesce(max(seq), 0) from frontier").fetchone()[0]
            for url, source, published in seeds:
                seq += 1
                self.db.execute("insert or ignore into frontier (url, state, reason, source, published, added_at, "
                                "updated_at, attempts, seq) values (?, 'pending', '', ?, ?, ?, ?, 0, ?)",
                                [url, source, published, now, now, seq])
                urls.append(url)
        return urls

    def state(self, url: str) -> dict:
        return self.db["frontier"].get(url)

    def to_fetch(self, urls: list[str], *, refresh: bool = False) -> list[str]:
        """The URLs among `urls` that still need a request, in order."""
        wanted = RETRIED_STATES + (("stored", "not_modified") if refresh else ())
        states = self._states(urls)
        return [u for u in urls if states.get(u) in wanted]

    def _states(self, urls: list[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"select url, state from frontier where url in ({marks})", chunk).fetchall())
        return out

    def validators(self, url: str) -> tuple[Optional[str], Optional[str]]:
        """The (ETag, Last-Modified) of the stored page, for a conditional GET."""
        row = self.db.execute("select etag, last_modified from pages where url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def known_copy(self, url: str, asked: Optional[str] = None) -> Optional[str]:
        """Another stored page (not `asked`'s own) that `url` already is: stored under that URL, or under another
        whose canonical or final URL it is. No need to request it."""
        asked = asked or url
        row = self.db.execute("select url from pages where (url = ? or canonical_url = ? or final_url = ?) "
                              "and url != ? limit 1", [url, url, url, asked]).fetchone()
        return row[0] if row else None

    # results ------------------------------------------------------------------------------------------------------
    def mark(self, url: str, state: str, reason: str = "", attempts: int = 0, page_url: Optional[str] = None) -> None:
        with self.db.conn:
            self._mark(url, state, reason, attempts, page_url)

    def _mark(self, url, state, reason, attempts, page_url) -> None:
        self.db.execute("update frontier set state = ?, reason = ?, attempts = attempts + ?, page_url = ?, "
                        "updated_at = ? where url = ?", [state, reason, attempts, page_url, _now(), url])

    def save(self, got: Fetched, run_started: str) -> tuple[str, str]:
        """Record one fetch result (page and frontier, one transaction); return (state, reason)."""
        url = got.url
        if got.outcome == "not_modified":
            with self.db.conn:
                self.db.execute("update pages set checked_at = ? where url = ?", [_now(), url])
                self._mark(url, "not_modified", got.reason, got.attempts, url)
            return "not_modified", got.reason
        if got.outcome == "duplicate":
            self.mark(url, "duplicate", got.reason, got.attempts, got.final_url)
            return "duplicate", got.reason
        if got.outcome != "ok":
            self.mark(url, got.outcome, got.reason, got.attempts)
            return got.outcome, got.reason
        body = got.body or b""
        content_hash = hashlib.sha256(body).hexdigest()
        canonical = page_canonical(body, got.final_url or url)
        with self.db.conn:
            same = self.db.execute(
                "select url, canonical_url = ? from pages where url != ? and (canonical_url = ? or content_hash = ?) "
                "order by canonical_url = ? desc limit 1", [canonical, url, canonical, content_hash, canonical]
            ).fetchone()
            if same:
                why = f"same canonical URL as {same[0]}" if same[1] else f"same content as {same[0]}"
                self._mark(url, "duplicate", why, got.attempts, same[0])
                return "duplicate", why
            headers = got.headers
            self.db["pages"].upsert({
                "url": url, "final_url": got.final_url, "canonical_url": canonical,
                "article_id": article_id_for(canonical), "status": got.status, "headers": json.dumps(headers),
                "content_type": headers.get("content-type"), "encoding": page_encoding(body, headers),
                "body": zlib.compress(body, 6), "body_codec": BODY_CODEC, "size": len(body),
                "content_hash": content_hash, "etag": headers.get("etag"), "last_modified": headers.get("last-modified"),
                "fetched_at": _iso(got.fetched_at), "checked_at": _now(), "run_started": run_started,
            }, pk="url")
            self._mark(url, "stored", "", got.attempts, url)
        return "stored", ""

    # reading --------------------------------------------------------------------------------------------------------
    def pages(self, *, run_started: Optional[str] = None, unextracted: bool = False) -> Iterator[StoredPage]:
        """Stored pages, oldest first: all, or those one crawl run stored (`run_started`), plus with `unextracted`
        those whose article is not in the `articles` table yet (stored by a run that was killed before it could
        extract them)."""
        conditions, args = [], []
        if run_started:
            conditions.append("run_started = ?")
            args.append(run_started)
        if unextracted:
            has_articles = "articles" in self.db.table_names()
            conditions.append("article_id not in (select id from articles)" if has_articles else "1")
        where = f"where {' or '.join(conditions)}" if conditions else ""
        for row in self.db.query(f"select * from pages {where} order by fetched_at, url", args):
            yield StoredPage(url=row["url"], final_url=row["final_url"], canonical_url=row["canonical_url"],
                             article_id=row["article_id"], status=row["status"], headers=json.loads(row["headers"]),
                             encoding=row["encoding"], body=decompress(row["body"], row["body_codec"]),
                             fetched_at=row["fetched_at"])

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("select state, count(*) from frontier group by state").fetchall())


def decompress(blob: bytes, codec: str = BODY_CODEC) -> bytes:
    """A stored body's raw bytes."""
    if codec != BODY_CODEC:
        raise ValueError(f"unknown body codec {codec!r}")
    return zlib.decompress(blob)


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts or 0, dt.timezone.utc).isoformat(timespec="milliseconds")
