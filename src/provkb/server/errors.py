"""One shape for every error the server returns: JSON ``{"error": code, "message": text, ...}``."""

from __future__ import annotations

import json
from typing import Any


class ApiError(Exception):
    """A refusal the client should see as ``status`` with a JSON body (raised anywhere, rendered
    by the handler :func:`provkb.server.app.create_app` installs)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        """The JSON body of this error."""
        return error_payload(self.code, self.message, **self.extra)


def error_payload(code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The JSON object of an error response."""
    return {"error": code, "message": message, **extra}


def error_bytes(code: str, message: str, **extra: Any) -> bytes:
    """An error response body, encoded."""
    return json.dumps(error_payload(code, message, **extra), ensure_ascii=False).encode("utf-8")
