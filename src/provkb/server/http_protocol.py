"""uvicorn's HTTP protocol, with the server's JSON error body on the 400 it sends by itself, and
a deadline on reading each request.

uvicorn answers a request it cannot parse before the app sees it, with a plain-text 400
("Invalid HTTP request received."). A URL longer than 65,535 bytes is one: httptools' URL
parser keeps offsets in 16 bits (``http_parser_parse_url``), and h11 refuses a request line
and headers over 16 KiB. Those clients get the JSON shape of every other error here, with a
hint to send long queries by POST. Pass :func:`http_protocol` as uvicorn's ``http``.

uvicorn waits for a request's head and body as long as the client likes, so a client that opens
connections and trickles a byte now and then ("slowloris") held every file descriptor of the
server (20,000 connections), and every other client's connection was reset. Each request must
now be read whole within a deadline from its first byte (and a new connection must start one
within it); past it the connection is closed.
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


def http_protocol(read_timeout: float) -> type[asyncio.Protocol]:
    """The protocol class uvicorn's ``auto`` would pick, answering its 400 in JSON and closing
    a connection whose request is not read whole within ``read_timeout`` seconds."""
    if importlib.util.find_spec("httptools") is not None:
        return _httptools_protocol(read_timeout)
    return _h11_protocol(read_timeout)


class _ReadDeadline:
    """A timer that closes a connection unless the request being read is complete in time."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._timer: asyncio.TimerHandle | None = None

    def arm(self, transport: asyncio.BaseTransport) -> None:
        """Start the clock, unless it runs already."""
        if self._timer is None:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self._seconds, transport.close)

    def disarm(self) -> None:
        """Stop the clock: the request is read (or the connection gone)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _httptools_protocol(read_timeout: float) -> type[asyncio.Protocol]:
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

    class JsonErrorHttpToolsProtocol(HttpToolsProtocol):
        """httptools' protocol; its own 400 is JSON; each request read within a deadline."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self.read_deadline = _ReadDeadline(read_timeout)
            super().connection_made(transport)
            self.read_deadline.arm(transport)

        def on_message_begin(self) -> None:
            self.read_deadline.arm(self.transport)
            super().on_message_begin()

        def on_message_complete(self) -> None:
            self.read_deadline.disarm()
            super().on_message_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self.read_deadline.disarm()
            super().connection_lost(exc)

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


def _h11_protocol(read_timeout: float) -> type[asyncio.Protocol]:
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class JsonErrorH11Protocol(H11Protocol):
        """h11's protocol; its own 400 is JSON; each request read within a deadline."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self.read_deadline = _ReadDeadline(read_timeout)
            super().connection_made(transport)
            self.read_deadline.arm(transport)

        def data_received(self, data: bytes) -> None:
            if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
                self.read_deadline.arm(self.transport)
            super().data_received(data)
            if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
                self.read_deadline.disarm()  # the whole request is in

        def connection_lost(self, exc: Exception | None) -> None:
            self.read_deadline.disarm()
            super().connection_lost(exc)

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
