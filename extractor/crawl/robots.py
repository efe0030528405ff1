"""robots.txt rules (RFC 9309): groups by user agent, Allow/Disallow with `*` and `$`, longest match wins and
Allow wins a tie, fractional Crawl-delay, Sitemap lines. The stdlib parser reads only whole-second delays and no
wildcards, hence this small one.

What a status means (RFC 9309 section 2.3.1): 2xx rules apply; 4xx means no rules (everything allowed);
5xx or an unreachable server means everything is disallowed until the robots.txt can be read.

Example:
    >>> rules = Robots.parse("User-agent: *\\nDisallow: /private/\\nAllow: /private/ok$\\nCrawl-delay: 0.5", "newsfacts")
    >>> rules.allowed("http://x.org/private/a"), rules.allowed("http://x.org/private/ok"), rules.crawl_delay
    (False, True, 0.5)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB


@dataclass
class Robots:
    rules: list[tuple[bool, str]] = field(default_factory=list)  # (allow, path pattern)
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False
    reason: str = ""  # why everything is disallowed, when it is

    @classmethod
    def allow_all(cls) -> "Robots":
        return cls()

    @classmethod
    def unreachable(cls, why: str) -> "Robots":
        return cls(disallow_all=True, reason=why)

    @classmethod
    def parse(cls, text: str, agent: str) -> "Robots":
        """The rules in robots.txt `text` that apply to the product token `agent`."""
        agent = agent.lower()
        groups: list[tuple[list[str], list[tuple[bool, str]], list[float]]] = []
        sitemaps: list[str] = []
        in_agents = False  # consecutive user-agent lines share one group
        for raw in text[:MAX_ROBOTS_BYTES].splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (s.strip() for s in line.split(":", 1))
            key = key.lower()
            if key == "sitemap":
                sitemaps.append(value)
                continue
            if key == "user-agent":
                if not in_agents:
                    groups.append(([], [], []))
                groups[-1][0].append(value.lower())
                in_agents = True
                continue
            in_agents = False
            if not groups:
                continue
            if key in ("allow", "disallow") and value:
                groups[-1][1].append((key == "allow", value))
            elif key == "crawl-delay":
                try:
                    groups[-1][2].append(max(0.0, float(value)))
                except ValueError:
                    pass
        ours = [g for g in groups if any(a.split("/", 1)[0].strip() == agent for a in g[0])]
        chosen = ours or [g for g in groups if "*" in g[0]]
        rules = [r for g in chosen for r in g[1]]
        delays = [d for g in chosen for d in g[2]]
        return cls(rules=rules, crawl_delay=max(delays) if delays else None, sitemaps=sitemaps)

    def allowed(self, url: str) -> bool:
        """May the crawler fetch `url`?"""
        if self.disallow_all:
            return False
        parts = urlsplit(url)
        path = unquote(parts.path or "/") + (f"?{unquote(parts.query)}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best_len, best_allow = -1, True
        for allow, pattern in self.rules:
            if _matches(pattern, path):
                length = len(pattern)
                if length > best_len or (length == best_len and allow):
                    best_len, best_allow = length, allow
        return best_allow


_PATTERNS: dict[str, re.Pattern] = {}


def _matches(pattern: str, path: str) -> bool:
    rx = _PATTERNS.get(pattern)
    if rx is None:
        anchored = pattern.endswith("$")
        body = unquote(pattern[:-1] if anchored else pattern)
        rx = re.compile("".join(".*" if c == "*" else re.escape(c) for c in body) + ("$" if anchored else ""))
        _PATTERNS[pattern] = rx
    return rx.match(path) is not None
