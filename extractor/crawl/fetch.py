"""Polite, defensive HTTP fetching with httpx (async).

Politeness: at most `concurrency` requests in flight, at most `per_host_concurrency` per host, and consecutive
requests to one host start at least `delay` seconds apart (robots.txt Crawl-delay wins when longer; a 429's
Retry-After pushes the whole host back). robots.txt is read once per host and obeyed.

Defence: every hop of a redirect chain is checked against the address policy (`safety.py`) and robots.txt before
a connection is made; redirects are followed by hand up to a cap, loops are named; bodies are streamed and decoded
here, so the size cap counts decoded bytes (a gzip bomb stops at the cap) and a body past it is never read whole;
a page that is not HTML is refused from its headers or, without one, from its first bytes.

Every fetch ends in one `Fetched` whose `outcome` is one of
    ok            body read (status 2xx)
    not_modified  304 on a conditional GET: the stored copy is current
    duplicate     the URL (or a hop of its redirects) is already stored: not requested (`known` says so)
    refused       our policy or the server said no for good: robots, private address, not HTML, too large,
                  redirect loop or cap, HTTP 4xx (a later crawl does not ask again)
    failed        could not be had this time: timeouts, connection errors, 429/5xx after the retries
and `reason` says why in words (`"forbidden by robots.txt"`, `"HTTP 503 after 3 attempts"`).

Example:
    >>> import asyncio
    >>> async def main():
    ...     async with Fetcher(CrawlSettings(delay=0)) as f:
    ...         return await f.fetch("http://127.0.0.1:9/never")
    >>> asyncio.run(main()).reason
    '127.0.0.1 resolves to 127.0.0.1, a loopback address (use --allow-private to crawl it)'
"""
from __future__ import annotations

import asyncio
import email.utils
import random
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Literal, Optional
from urllib.parse import urljoin

import httpx

from extractor.crawl.robots import MAX_ROBOTS_BYTES, Robots
from extractor.crawl.safety import UnsafeTarget, check_target, pinned
from extractor.crawl.settings import HTML_TYPES, CrawlSettings
from extractor.crawl.urls import host_key

Kind = Literal["page", "feed", "sitemap", "robots"]
Outcome = Literal["ok", "not_modified", "duplicate", "refused", "failed"]
Known = Callable[[str, str], Optional[str]]  # (url, asked) -> the stored page that already holds url, if any


@dataclass
class Fetched:
    url: str                       # what was asked for
    outcome: Outcome
    reason: str = ""
    final_url: Optional[str] = None  # where the body came from, after redirects
    status: Optional[int] = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Optional[bytes] = None
    attempts: int = 0              # requests made for the last hop (1 + retries)
    redirects: list[str] = field(default_factory=list)
    fetched_at: float = 0.0        # unix time the final response started


class _Refused(Exception):
    """Stop this URL for good with a reason."""


class _Redirect(Exception):
    def __init__(self, status: int, location: str):
        self.status, self.location = status, location


@dataclass
class _Host:
    slots: asyncio.Semaphore
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0        # monotonic time before which no request to this host may start
    last_start: float = 0.0        # monotonic time the last request to this host started
    robots: Optional[Robots] = None
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Fetcher:
    """One crawl's HTTP client. Use as `async with Fetcher(settings) as f: await f.fetch(url)`."""

    def __init__(self, settings: CrawlSettings):
        self.settings = settings
        self.stats: Counter[str] = Counter()   # "retry/HTTP 503", "refused/not HTML", ...
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(settings.concurrency)
        self._client: Optional[httpx.AsyncClient] = None

    async def __aenter__(self) -> "Fetcher":
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None),
            limits=httpx.Limits(max_connections=s.concurrency, max_keepalive_connections=s.concurrency),
            follow_redirects=False, trust_env=False)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._client.aclose()

    # public ---------------------------------------------------------------------------------------------------
    async def fetch(self, url: str, *, kind: Kind = "page", etag: Optional[str] = None,
                    last_modified: Optional[str] = None, known: Optional[Known] = None) -> Fetched:
        """Fetch `url`, following redirects; never raises for anything the network or server does.
        `known(url, asked)` is asked inside the host's slot before each request, so a page that another task
        stored a moment ago is not requested again."""
        chain = [url]
        current = url
        while True:
            result = await self._fetch_hop(url, current, kind, etag, last_modified, known)
            if not isinstance(result, _Redirect):
                result.redirects = chain[1:]
                self.stats[f"{result.outcome}/{result.reason.split(' (')[0]}" if result.reason else result.outcome] += 1
                return result
            target = urljoin(current, result.location.strip())
            target = target.split("#", 1)[0]
            if target in chain:
                return self._refuse(url, "redirect loop: " + " -> ".join(chain + [target]), chain)
            if len(chain) > self.settings.max_redirects:
                return self._refuse(url, f"too many redirects (more than {self.settings.max_redirects})", chain)
            if not target.startswith(("http://", "https://")):
                return self._refuse(url, f"redirect to a non-HTTP URL: {target}", chain)
            chain.append(target)
            current = target

    async def robots(self, url: str) -> Robots:
        """The robots.txt rules of the host of `url` (read once per crawl)."""
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None:
                host.robots = await self._read_robots(host_key(url))
                # the robots.txt request itself was spaced before its Crawl-delay was known
                host.next_start = max(host.next_start, host.last_start + self._delay(host))
        return host.robots

    # one hop ------------------------------------------------------------------------------------------------------
    async def _fetch_hop(self, asked: str, url: str, kind: Kind, etag, last_modified, known: Optional[Known]):
        s = self.settings
        try:
            address = await check_target(url, allow_private=s.allow_private, allow_hosts=s.allow_hosts)
        except UnsafeTarget as e:
            return Fetched(asked, "refused", str(e), final_url=url)
        if kind != "robots" and s.obey_robots:
            rules = await self.robots(url)
            if not rules.allowed(url):
                why = "forbidden by robots.txt" + (f" ({rules.reason})" if rules.reason else "")
                return Fetched(asked, "refused", why, final_url=url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = self._host(url)
        reason = ""
        attempts = 0
        for attempt in range(s.retry_times + 1):
            attempts = attempt + 1
            retry_after: Optional[float] = None
            try:
                async with self._slot(host):
                    copy = known(url, asked) if known else None
                    if copy:
                        return Fetched(asked, "duplicate", f"already stored as {copy}", final_url=copy,
                                       attempts=attempt)
                    started = time.time()
                    try:
                        async with asyncio.timeout(s.download_timeout):
                            status, resp_headers, body = await self._get(url, address, headers, kind)
                    except TimeoutError:
                        raise httpx.ReadTimeout(f"no complete response in {s.download_timeout:g} s") from None
            except _Redirect as r:
                return r
            except _Refused as e:
                return Fetched(asked, "refused", str(e), final_url=url, attempts=attempts)
            except httpx.TimeoutException as e:
                reason = _timeout_name(e)
            except httpx.TransportError as e:
                reason = f"connection error: {type(e).__name__}" + (f" ({e})" if str(e) else "")
            else:
                if status not in s.retry_http_codes:
                    return self._result(asked, url, status, resp_headers, body, attempts, started, bool(headers))
                reason = f"HTTP {status}"
                retry_after = _retry_after(resp_headers.get("retry-after"))
                if retry_after is not None and retry_after > s.retry_after_max:
                    return Fetched(asked, "failed", f"HTTP {status} with Retry-After {retry_after:g} s, longer than "
                                   f"the {s.retry_after_max:g} s cap", final_url=url, status=status,
                                   attempts=attempts)
            if attempt == s.retry_times:
                break
            self.stats[f"retry/{reason.split(' (')[0]}"] += 1
            if retry_after is not None:
                # the server said when: the whole host waits, not just this URL
                host.next_start = max(host.next_start, time.monotonic() + retry_after)
            else:
                backoff = min(s.backoff_max, s.backoff_base * 2 ** attempt) * random.uniform(0.5, 1.5)
                await asyncio.sleep(backoff)
        return Fetched(asked, "failed", f"{reason} after {attempts} attempts", final_url=url, attempts=attempts)

    def _result(self, asked, url, status, headers, body, attempts, started, conditional) -> Fetched:
        common = dict(final_url=url, status=status, headers=headers, attempts=attempts, fetched_at=started)
        if status == 304:
            if not conditional:  # there is no stored copy that could still be current
                return Fetched(asked, "refused", "HTTP 304 to a request that was not conditional", **common)
            return Fetched(asked, "not_modified", "not modified since the last crawl", **common)
        if status >= 400:
            return Fetched(asked, "refused", f"HTTP {status}", **common)
        if status >= 300:
            return Fetched(asked, "refused", f"HTTP {status} without a Location header", **common)
        return Fetched(asked, "ok", "", body=body, **common)

    async def _get(self, url: str, address: Optional[str], headers: dict,
                   kind: Kind) -> tuple[int, dict[str, str], Optional[bytes]]:
        s = self.settings
        target, host_header, extensions = pinned(url, address)
        async with self._client.stream("GET", target, headers={**headers, **host_header}, extensions=extensions) as r:
            resp_headers = {k.lower(): v for k, v in r.headers.items()}
            status = r.status_code
            if status in (301, 302, 303, 307, 308) and "location" in resp_headers:
                raise _Redirect(status, resp_headers["location"])
            if status >= 300 or status in s.retry_http_codes:
                return status, resp_headers, None  # the body of an error is not read
            cap = MAX_ROBOTS_BYTES if kind == "robots" else s.max_body_bytes
            ctype = resp_headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "page" and ctype and ctype not in HTML_TYPES:
                raise _Refused(f"not HTML (content type {ctype})")
            length = resp_headers.get("content-length", "")
            if length.isdigit() and int(length) > cap and kind != "robots":
                raise _Refused(f"too large: Content-Length {int(length)} bytes is over the {_mb(cap)} cap")
            body = await _read_capped(r, cap, truncate=kind == "robots")
            if kind == "page":
                _sniff_html(body, ctype)
            return status, resp_headers, body

    # politeness ---------------------------------------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        key = host_key(url)
        if key not in self._hosts:
            self._hosts[key] = _Host(slots=asyncio.Semaphore(self.settings.per_host_concurrency))
        return self._hosts[key]

    def _slot(self, host: _Host):
        return _Slot(self, host)

    def _delay(self, host: _Host) -> float:
        delay = self.settings.delay
        if host.robots is not None and host.robots.crawl_delay:
            delay = max(delay, host.robots.crawl_delay)
        if self.settings.randomize_delay:
            delay *= random.uniform(1.0, 1.5)
        return delay

    async def _read_robots(self, base: str) -> Robots:
        got = await self.fetch(f"{base}/robots.txt", kind="robots")
        if got.outcome == "ok":
            return Robots.parse((got.body or b"").decode("utf-8", "replace"), self.settings.robots_agent)
        if got.status is not None and 400 <= got.status < 500 and got.status != 429:
            return Robots.allow_all()  # no robots.txt: everything is allowed
        return Robots.unreachable(f"robots.txt unreadable: {got.reason}")

    def _refuse(self, url: str, reason: str, chain: list[str]) -> Fetched:
        self.stats[f"refused/{reason.split(':')[0]}"] += 1
        return Fetched(url, "refused", reason, final_url=chain[-1], redirects=chain[1:])


class _Slot:
    """Per-host slot, then the host's turn (spacing requests), then a global slot, for the length of a request."""

    def __init__(self, fetcher: Fetcher, host: _Host):
        self.f, self.host = fetcher, host

    async def __aenter__(self):
        await self.host.slots.acquire()
        try:
            async with self.host.turn:
                wait = self.host.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self.host.last_start = time.monotonic()
                self.host.next_start = self.host.last_start + self.f._delay(self.host)
            await self.f._global.acquire()
        except BaseException:
            self.host.slots.release()
            raise

    async def __aexit__(self, *exc):
        self.f._global.release()
        self.host.slots.release()


# helpers ------------------------------------------------------------------------------------------------------------
async def _read_capped(response: httpx.Response, cap: int, *, truncate: bool = False) -> bytes:
    """The decoded body, refusing (or, for robots.txt, cutting) it once it passes `cap` bytes, raw or decoded.
    Decoding here with max_length bounds memory: a 10 KB gzip bomb never inflates past the cap."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj(zlib.MAX_WBITS)
    elif encoding in ("identity", ""):
        inflater = None
    else:
        raise _Refused(f"unsupported content encoding {encoding!r}")
    out = bytearray()
    raw_total = 0
    ended = False  # past the end of the compressed data: what follows is trailing garbage, ignored as browsers do
    try:
        async for chunk in response.aiter_raw():
            raw_total += len(chunk)
            data = b"" if ended else chunk
            while data:
                if inflater is None:
                    piece, data = data, b""
                else:
                    piece = inflater.decompress(data, cap - len(out) + 1)
                    data = inflater.unconsumed_tail
                    if inflater.eof:  # a gzip body may hold several members, one after another
                        data = inflater.unused_data
                        if data[:2] == b"\x1f\x8b" and encoding != "deflate":
                            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                        else:
                            ended, data = True, b""
                out += piece
                if len(out) > cap or raw_total > cap:
                    if truncate:
                        return bytes(out[:cap])
                    what = "decoded body" if inflater is not None else "body"
                    raise _Refused(f"too large: {what} passed the {_mb(cap)} cap after {raw_total} bytes received")
        if inflater is not None:
            out += inflater.flush()
    except zlib.error as e:
        raise _Refused(f"broken {encoding} body ({e})") from None
    if len(out) > cap:
        raise _Refused(f"too large: decoded body passed the {_mb(cap)} cap")
    return bytes(out)


def _sniff_html(body: bytes, ctype: str) -> None:
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        raise _Refused("not HTML (a PDF document)")
    if not ctype and not (head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<!--"))
                          or b"<html" in head):
        raise _Refused("not HTML (no content type, and the body does not look like markup)")


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _timeout_name(e: httpx.TimeoutException) -> str:
    names = {httpx.ConnectTimeout: "connect timeout", httpx.ReadTimeout: "read timeout",
             httpx.WriteTimeout: "write timeout", httpx.PoolTimeout: "pool timeout"}
    return names.get(type(e), "timeout")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"
