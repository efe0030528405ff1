"""URL canonicalisation: one spelling per page, so the frontier and the dedupe see one key per page.

Lower-cases scheme and host, drops default ports and the fragment, removes tracking parameters (utm_*, fbclid,
gclid, ...) and sorts the rest, and resolves `.`/`..` path segments. Paths keep their case: servers may care.

Example:
    >>> canonical_url("HTTP://Example.COM:80/a/./b/../news?utm_source=x&b=2&a=1#top")
    'http://example.com/a/news?a=1&b=2'
"""
from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# parameters that say how a reader arrived, never which page it is
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs")
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mkt_tok", "_ga", "_gl",
    "cmpid", "ncid", "ocid", "ref", "ref_src", "smid", "sr_share", "icid", "s_cid", "taid",
})
DEFAULT_PORTS = {"http": 80, "https": 443}


class BadURL(ValueError):
    """A URL that cannot be crawled (no http(s) scheme, no host)."""


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical spelling of an http(s) URL, resolved against `base` when relative."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BadURL(f"{url!r}: not an http or https URL")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadURL(f"{url!r}: no host")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError as e:
        raise BadURL(f"{url!r}: bad host name ({e})") from None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        raise BadURL(f"{url!r}: bad port") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if "/." in path:
        trailing = path.endswith("/")
        path = posixpath.normpath(path)
        path = "/" if path in (".", "//") else path
        if trailing and not path.endswith("/"):
            path += "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def is_tracking(param: str) -> bool:
    """True for a query parameter that only records how a reader arrived."""
    name = param.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def host_key(url: str) -> str:
    """The unit of politeness: scheme://host:port (two ports on one machine are two sites)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def try_canonical(url: str | None, base: str | None = None) -> str | None:
    """`canonical_url`, or None for a missing or uncrawlable URL."""
    if not url:
        return None
    try:
        return canonical_url(url, base)
    except BadURL:
        return None
