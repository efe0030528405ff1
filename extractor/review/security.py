"""Who may use the review server, and how its pages defend themselves.

- Bind: loopback by default; any other address only with a token (`check_bind`).
- Token: with `--token`, every request needs it, once as `?token=...` (it becomes an HttpOnly, SameSite=Strict
  cookie and the URL is cleaned) or as `Authorization: Bearer ...`.
- Host: on a loopback bind only loopback Host headers are served, so a DNS-rebinding page cannot read the app.
- CSRF: each server makes a secret token, puts it in its pages, and every POST must send it back
  (`X-CSRF-Token`); POSTs must also be JSON and, when the browser says where they come from, same-origin.
- Headers: a Content-Security-Policy allowing only the app's own scripts and styles, no framing.

Example:
    >>> check_bind("127.0.0.1", None)
    >>> is_local_host("0.0.0.0")
    False
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from typing import Optional
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

TOKEN_COOKIE = "newsfacts_review_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


class BindRefused(ValueError):
    """A bind that would expose the review pages without a token."""


def is_local_host(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: Optional[str]) -> None:
    """Refuse a non-loopback bind without a token, saying what to do instead."""
    if not is_local_host(host) and not token:
        raise BindRefused(
            f"refusing to serve the review pages on {host} without --token: anyone who can reach this address "
            f"could read and change reviews. Bind 127.0.0.1 (the default), or pass --token SECRET and open "
            f"http://{host}:PORT/?token=SECRET")


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_secret(given: Optional[str], expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def host_of(header: str) -> str:
    """The host part of a Host header (`127.0.0.1:8765` -> `127.0.0.1`, `[::1]:80` -> `::1`)."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class AccessMiddleware:
    """Token, Host and response-header checks for every request (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp, token: Optional[str] = None, allowed_hosts: Optional[tuple[str, ...]] = None):
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.allowed_hosts is not None and host_of(headers.get("host", "")) not in self.allowed_hosts:
            await self._plain(scope, receive, send, 400, "unexpected Host header: open the review page at "
                              "http://127.0.0.1:PORT/")
            return
        if self.token and not self._authorised(headers):
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if same_secret(query.get("token"), self.token):
                # keep the token out of the address bar and history: move it into a cookie and come back clean
                rest = urlencode({k: v for k, v in query.items() if k != "token"})
                resp = RedirectResponse(scope["path"] + ("?" + rest if rest else ""), status_code=303)
                resp.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await self._send_secured(resp, scope, receive, send)
                return
            await self._plain(scope, receive, send, 401, "this review server needs its token: open "
                              "/?token=TOKEN (the --token it was started with)")
            return

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": _with_security(message.get("headers", []))}
            await send(message)

        await self.app(scope, receive, send_secured)

    def _authorised(self, headers: Headers) -> bool:
        cookie = SimpleCookie(headers.get("cookie", ""))
        if TOKEN_COOKIE in cookie and same_secret(cookie[TOKEN_COOKIE].value, self.token):
            return True
        auth = headers.get("authorization", "")
        return auth.startswith("Bearer ") and same_secret(auth[7:], self.token)

    async def _plain(self, scope, receive, send, status: int, text: str) -> None:
        await self._send_secured(PlainTextResponse(text, status_code=status), scope, receive, send)

    @staticmethod
    async def _send_secured(response, scope, receive, send) -> None:
        for k, v in SECURITY_HEADERS.items():
            response.headers[k] = v
        await response(scope, receive, send)


def _with_security(raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in raw}
    return list(raw) + [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
