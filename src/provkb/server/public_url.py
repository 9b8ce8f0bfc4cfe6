"""The server's own absolute URLs (service description, dump and canned-query links), built
from a configured public base URL, never from what the client says.

A client chooses the ``Host`` header: a URL built from it (Starlette's ``request.url_for``)
lets anyone make the server describe itself as ``http://evil.example/sparql``, and a cache in
front of it hand that description to everyone. Without a configured base URL, the base is the
address the connection reached (the ASGI ``server`` of the socket), which the client does not
write.
"""

from __future__ import annotations

from starlette.requests import Request


def public_base(request: Request, configured: str | None) -> str:
    """The scheme, host, port (and path prefix) the server's absolute URLs start with.

    Args:
        request: any request the server is answering (its socket address is used).
        configured: the public base URL from the settings, if any.
    """
    if configured:
        return configured.rstrip("/")
    server = request.scope.get("server")
    scheme = request.scope.get("scheme", "http")
    if not server:
        # A Unix socket: no address to tell; links stay relative to the root.
        return ""
    host, port = server[0], server[1]
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + ("" if port in (None, default) else f":{port}")


def public_url(request: Request, configured: str | None, path: str) -> str:
    """The absolute public URL of ``path`` (a path on this server, starting with ``/``)."""
    return public_base(request, configured) + path


def route_url(request: Request, configured: str | None, route: str, **params: str) -> str:
    """The absolute public URL of the named route (what ``request.url_for`` gives, safely)."""
    return public_url(request, configured, str(request.app.url_path_for(route, **params)))
