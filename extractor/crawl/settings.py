"""Settings of one crawl: one flat set of documented, named defaults (Scrapy-style); the CLI builds a
`CrawlSettings` from its options and every other module reads only that object.

Example:
    >>> s = CrawlSettings(delay=0.2)
    >>> (s.delay, s.max_body_bytes, s.retry_times)
    (0.2, 10485760, 2)
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from extractor import __version__

CONTACT = "https://github.com/newsfacts/newsfacts"
# names the tool, its version and where a site owner can find out who we are and how to block us
USER_AGENT = f"newsfacts/{__version__} (+{CONTACT})"


def user_agent(contact: str | None = None) -> str:
    """The User-Agent, with the operator's own contact (an email or URL) when given: a site owner with a
    question should reach whoever runs this crawl, not only the tool's authors.

    >>> user_agent("ops@example.org").split(" (+")[1]
    'https://github.com/newsfacts/newsfacts; contact: ops@example.org)'
    """
    return f"newsfacts/{__version__} (+{CONTACT}; contact: {contact})" if contact else USER_AGENT
ROBOTS_AGENT = "newsfacts"          # the token matched against robots.txt User-agent lines

DOWNLOAD_DELAY = 1.0                # seconds between two requests to the same host (robots Crawl-delay wins if larger)
RANDOMIZE_DOWNLOAD_DELAY = True     # wait delay x 1.0-1.5, so request times do not form a fixed beat
CONCURRENT_REQUESTS = 16            # requests in flight in the whole crawl
CONCURRENT_REQUESTS_PER_HOST = 1    # requests in flight to one host (scheme://host:port)
CONNECT_TIMEOUT = 10.0              # seconds to open a connection
READ_TIMEOUT = 30.0                 # seconds of silence while reading before giving up
DOWNLOAD_TIMEOUT = 120.0            # seconds for a whole response: a server trickling bytes cannot hold a slot forever
RETRY_TIMES = 2                     # initial request + 2 retries = 3 requests at most
RETRY_HTTP_CODES = (408, 429, 500, 502, 503, 504, 522, 524)
RETRY_BACKOFF_BASE = 1.0            # first retry waits ~1 s, then 2 s, 4 s ... (x jitter 0.5-1.5)
RETRY_BACKOFF_MAX = 60.0            # no single backoff is longer than this
RETRY_AFTER_MAX = 300.0             # a Retry-After longer than this gives the URL up instead of stalling the crawl
MAX_BODY_BYTES = 10 * 1024 * 1024   # 10 MB of decoded body, counted while streaming (also caps gzip bombs)
MAX_REDIRECTS = 5                   # hops followed before a URL is refused as "too many redirects"
MAX_SITEMAP_DEPTH = 3               # sitemap index -> sitemap -> ... levels followed
HTML_TYPES = ("text/html", "application/xhtml+xml")


class CrawlSettings(BaseModel):
    """Everything one crawl can be told. Defaults are the polite ones; tests shrink delays and timeouts."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    obey_robots: bool = True
    delay: float = Field(default=DOWNLOAD_DELAY, ge=0)
    randomize_delay: bool = RANDOMIZE_DOWNLOAD_DELAY
    concurrency: int = Field(default=CONCURRENT_REQUESTS, ge=1)
    per_host_concurrency: int = Field(default=CONCURRENT_REQUESTS_PER_HOST, ge=1)
    connect_timeout: float = Field(default=CONNECT_TIMEOUT, gt=0)
    read_timeout: float = Field(default=READ_TIMEOUT, gt=0)
    download_timeout: float = Field(default=DOWNLOAD_TIMEOUT, gt=0)
    retry_times: int = Field(default=RETRY_TIMES, ge=0)
    retry_http_codes: tuple[int, ...] = RETRY_HTTP_CODES
    backoff_base: float = Field(default=RETRY_BACKOFF_BASE, ge=0)
    backoff_max: float = Field(default=RETRY_BACKOFF_MAX, ge=0)
    retry_after_max: float = Field(default=RETRY_AFTER_MAX, ge=0)
    max_body_bytes: int = Field(default=MAX_BODY_BYTES, ge=1)
    max_redirects: int = Field(default=MAX_REDIRECTS, ge=0)
    max_sitemap_depth: int = Field(default=MAX_SITEMAP_DEPTH, ge=0)
    allow_private: bool = False     # let the crawl reach loopback, private and link-local addresses
    allow_hosts: tuple[str, ...] = ()  # hosts exempt from the private-address check (an intranet mirror)
    max_pages: Optional[int] = Field(default=None, ge=0)  # first N seed URLs that pass the filters
    refresh: bool = False           # re-check stored pages with a conditional GET (ETag / Last-Modified)
