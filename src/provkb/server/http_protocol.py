"""uvicorn's HTTP protocol, with the server's JSON error body on the 400 it sends by itself.

uvicorn answers a request it cannot parse before the app sees it, with a plain-text 400
("Invalid HTTP request received."). A URL longer than 65,535 bytes is one: httptools' URL
parser keeps offsets in 16 bits (``http_parser_parse_url``), and h11 refuses a request line
and headers over 16 KiB. Those clients get the JSON shape of every other error here, with a
hint to send long queries by POST. Pass :func:`http_protocol` as uvicorn's ``http``.
"""

from __future__ import annotations

import asyncio
import importlib.util

from provkb.server.errors import error_bytes

_BODY = error_bytes(
    "bad-request",
    "the request could not be read (a URL over 65,535 bytes, or a malformed request line or "
    "header): send long queries by POST, as an application/sparql-query body",
)


def http_protocol() -> type[asyncio.Protocol]:
    """The protocol class uvicorn's ``auto`` would pick, answering its 400 in JSON."""
    if importlib.util.find_spec("httptools") is not None:
        return _httptools_protocol()
    return _h11_protocol()


def _httptools_protocol() -> type[asyncio.Protocol]:
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

    class JsonErrorHttpToolsProtocol(HttpToolsProtocol):
        """httptools' protocol; its own 400 is JSON."""

        def send_400_response(self, msg: str) -> None:
            content = [STATUS_LINE[400]]
            for name, value in self.server_state.default_headers:
                content.extend([name, b": ", value, b"\r\n"])
            content.extend(
                [
                    b"content-type: application/json\r\n",
                    b"content-length: " + str(len(_BODY)).encode("ascii") + b"\r\n",
                    b"connection: close\r\n",
                    b"\r\n",
                    _BODY,
                ]
            )
            self.transport.write(b"".join(content))
            self.transport.close()

    return JsonErrorHttpToolsProtocol


def _h11_protocol() -> type[asyncio.Protocol]:
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class JsonErrorH11Protocol(H11Protocol):
        """h11's protocol; its own 400 is JSON."""

        def send_400_response(self, msg: str) -> None:
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_BODY)).encode("ascii")),
                (b"connection", b"close"),
            ]
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers)))
            self.transport.write(self.conn.send(h11.Data(data=_BODY)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
            self.transport.close()

    return JsonErrorH11Protocol
