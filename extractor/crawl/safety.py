"""Which addresses the crawler may connect to: a page on the internet must not be able to point the crawler at
the machine it runs on or its network (SSRF). The host is resolved and every address it resolves to must be
public; redirects are checked hop by hop by the fetcher with the same function.

The fetcher then connects to the address that was checked (the URL's host stays in the Host header and in TLS's
SNI and certificate check), so a name that resolves to a public address for the check and to a private one a
moment later (DNS rebinding) cannot slip through.

Refused: loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
(169.254/16 with cloud metadata at 169.254.169.254, fe80::/10), carrier NAT, multicast, reserved and
unspecified addresses, and IPv4-mapped IPv6 forms of all of these.

Example:
    >>> import asyncio
    >>> asyncio.run(check_target("http://127.0.0.1:8000/", allow_private=False))
    Traceback (most recent call last):
    ...
    extractor.crawl.safety.UnsafeTarget: 127.0.0.1 resolves to 127.0.0.1, a loopback address (use --allow-private to crawl it)
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeTarget(Exception):
    """A URL whose host resolves to an address the crawler must not reach."""


def address_kind(ip: str) -> str | None:
    """Why an address is not public ('loopback', 'private', ...), or None when it is a public address."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    for kind in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(addr, f"is_{kind}"):
            return kind.replace("_", "-")
    if isinstance(addr, ipaddress.IPv4Address) and addr in ipaddress.ip_network("100.64.0.0/10"):
        return "shared (carrier NAT)"
    if not addr.is_global:
        return "non-global"
    return None


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


async def check_target(url: str, *, allow_private: bool, allow_hosts: tuple[str, ...] = ()) -> str | None:
    """Raise UnsafeTarget unless every address of the URL's host is public (or private ones are allowed); return
    the address to connect to (None when private addresses are allowed: then the name is connected as usual)."""
    if allow_private:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = await resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as e:
        raise UnsafeTarget(f"{host} does not resolve ({e})") from None
    if not addresses:
        raise UnsafeTarget(f"{host} does not resolve (no address)")
    if host not in allow_hosts and parts.netloc not in allow_hosts:
        for ip in addresses:
            kind = address_kind(ip)
            if kind:
                raise UnsafeTarget(f"{host} resolves to {ip}, a {kind} address (use --allow-private to crawl it)")
    # one address, IPv4 first: what was checked is what is connected to
    return next((ip for ip in addresses if ":" not in ip), addresses[0])


def pinned(url: str, ip: str | None) -> tuple[str, dict[str, str], dict[str, str]]:
    """(URL to request, extra headers, httpx extensions) that connect to `ip` while speaking to the URL's host.

    >>> pinned("https://news.example:8443/a?b=1", "93.184.215.14")
    ('https://93.184.215.14:8443/a?b=1', {'Host': 'news.example:8443'}, {'sni_hostname': 'news.example'})
    """
    if ip is None:
        return url, {}, {}
    parts = urlsplit(url)
    host = f"[{ip}]" if ":" in ip else ip
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl(), {"Host": parts.netloc}, {"sni_hostname": parts.hostname or ""}
