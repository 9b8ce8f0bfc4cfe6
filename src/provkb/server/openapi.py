"""The OpenAPI description says what the server really answers: every error as the JSON error
body, and each operation's success in the media types it negotiates.

FastAPI only knows the 200 of a route whose handler builds its own ``Response``; the routes here
all do (the protocol's content negotiation is theirs), so the responses are described once,
here, by the kind of path, when the document is first asked for.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from provkb.server import conneg

ERROR = {
    "description": "The request was refused or failed; the JSON body says why.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "message"],
                "properties": {
                    "error": {"type": "string", "description": "a stable error code"},
                    "message": {"type": "string"},
                },
            }
        }
    },
}
BUSY = {
    **ERROR,
    "description": "Past the query's deadline, or every worker busy (Retry-After says when).",
}
_RESULTS = [*conneg.SOLUTION_TYPES, *conneg.BOOLEAN_TYPES, *conneg.GRAPH_TYPES]
_RDF = [*conneg.GRAPH_TYPES, *conneg.DATASET_TYPES]
_LISTING = ["application/json", "text/html"]
_ANY = ["*/*"]


def _success(path: str, base_path: str) -> tuple[list[str], bool]:
    """The media types of ``path``'s 200, and whether it may redirect (303)."""
    if path == "/sparql":
        return [*_RESULTS, "text/turtle"], True
    if path.startswith("/queries/"):
        return _RESULTS, False
    if path in ("/queries", "/dumps/"):
        return _LISTING, False
    if path == "/graph":
        return _RDF, False
    if path in ("/", "/docs"):
        return ["text/html"], False
    if path.startswith(base_path.rstrip("/") + "/") and "dumps" not in path:
        # An IRI of the KB: its description in RDF, or its page; a bare IRI redirects.
        return [*_RDF, "text/html"], True
    return _ANY, False


def describe(app: FastAPI, base_path: str) -> dict[str, Any]:
    """The app's OpenAPI document with its real responses (built once, then kept)."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    for path, operations in document["paths"].items():
        media_types, redirects = _success(path, base_path)
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            success = responses.setdefault("200", {"description": "Success"})
            success["content"] = {media: {} for media in media_types}
            if redirects:
                responses["303"] = {"description": "See the URL in Location."}
            if media_types == _ANY:
                responses["301"] = {"description": "Moved: the URL in Location."}
            if media_types == _ANY or path.startswith("/queries/"):
                # Canned answers carry an ETag (provkb.server.answer_cache), as dumps do.
                responses["304"] = {"description": "Not modified (a conditional request)."}
            responses["4XX"] = ERROR
            responses["503"] = {
                **BUSY,
                "headers": {"Retry-After": {"schema": {"type": "integer"}, "required": False}},
            }
            responses.pop("422", None)
            responses["422"] = ERROR
    app.openapi_schema = document
    return document
