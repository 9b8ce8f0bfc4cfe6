"""Route registration shared by the server's routers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter


def add_get(router: APIRouter, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
    """Register ``endpoint`` for GET (documented) and HEAD (answered, left out of OpenAPI, where
    a second operation on the same function would get a duplicate operation id)."""
    router.add_api_route(path, endpoint, methods=["GET"], **options)
    head = {k: v for k, v in options.items() if k in ("response_class", "name")}
    router.add_api_route(path, endpoint, methods=["HEAD"], include_in_schema=False, **head)
