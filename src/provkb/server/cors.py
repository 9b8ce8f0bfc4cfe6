"""Starlette's CORS middleware, answering a refused preflight in the server's JSON error shape.

A browser asking whether it may send a method or a header this server does not take gets 400;
Starlette writes it as plain text ("Disallowed CORS method"), where every other client mistake
here is a JSON object with an ``error`` code. This middleware wraps the hygiene one, so it adds
``nosniff`` itself.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from provkb.server.errors import error_bytes


class JsonCORSMiddleware(CORSMiddleware):
    """CORS as Starlette does it; a refused preflight is a JSON 400 (``cors-refused``)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        """The preflight answer, its refusal in JSON with the same CORS headers."""
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode("utf-8").removeprefix("Disallowed CORS ")
        body = error_bytes(
            "cors-refused",
            f"this server does not allow the requested {refused} from a browser",
            allowed_methods=sorted(self.allow_methods),
        )
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers["content-type"] = "application/json"
        headers["x-content-type-options"] = "nosniff"
        return Response(body, status_code=400, headers=headers)
