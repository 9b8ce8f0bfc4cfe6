"""Three checks every response goes through, as one small ASGI middleware.

- A query string that is not percent-encoded UTF-8 gets the JSON 400 ``not-utf-8``, whatever
  the route: Starlette decodes it with replacement characters, so ``?query=…%FF`` ran as a
  different query by GET while the same bytes by POST got 400.
- A redirect's ``Location`` is a path on this server, never a URL built from the client's
  ``Host`` header.
- An HTML response carries ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy:
  scripts, styles, images, fonts and requests from this server only (the UI's libraries are
  vendored under ``/static``), no plugins, no framing, no form posted elsewhere. Inline scripts
  stay allowed: the pages build their YASGUI tabs and Swagger UI set-up in one, and the page
  text they embed is escaped where it is written. Every other response gets ``nosniff`` too.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit, urlunsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from provkb.server.errors import error_bytes

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
_NOSNIFF = (b"x-content-type-options", b"nosniff")
_CSP = (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii"))


class HygieneMiddleware:
    """Refuse query strings that are not UTF-8; add the security headers to responses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("query_string", b"")
        if raw:
            try:
                unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError as error:
                await _not_utf8(send, error)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if 300 <= message["status"] < 400:
                    headers = [_relative_location(name, value) for name, value in headers]
                headers.append(_NOSNIFF)
                if any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in headers
                ):
                    headers.append(_CSP)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _relative_location(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """A redirect's ``Location`` as a path on this server: Starlette builds the one that adds or
    drops a trailing slash from the client's ``Host`` header, which would send the client (and
    the query it posts again) wherever that header says."""
    if name.lower() != b"location":
        return name, value
    target = urlsplit(value.decode("latin-1"))
    if not (target.scheme or target.netloc):
        return name, value
    relative = urlunsplit(("", "", target.path or "/", target.query, target.fragment))
    return name, relative.encode("latin-1")


async def _not_utf8(send: Send, error: UnicodeDecodeError) -> None:
    body = error_bytes("not-utf-8", f"the query string is not percent-encoded UTF-8: {error}")
    start: dict[str, Any] = {
        "type": "http.response.start",
        "status": 400,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode("ascii")),
            _NOSNIFF,
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
