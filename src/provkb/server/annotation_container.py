"""The read side of the Web Annotation Protocol: one annotation container per document.

``<base path>annotations/<slug>/`` is an ``ldp:BasicContainer`` and an ``AnnotationCollection``
(``as:OrderedCollection``) of the document's annotations (its assertions and mentions, built by
:mod:`provkb.build.web_annotations`); it describes itself, its size, its first and last page, and
embeds the first page. ``?page=N`` (from 0) is one ``AnnotationPage`` of ``page_size``
annotations with ``next``/``prev``; each annotation also answers at its own IRI. Responses are
``application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`` with a ``@context``, an
``ETag`` and the protocol's ``Link``/``Allow``/``Vary`` headers. Read only: other methods get 405.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response

from provkb.build import web_annotations
from provkb.server.errors import ApiError
from provkb.server.reading_data import ReadingData
from provkb.server.routing import add_get
from provkb.server.state import ServerState

_CONTAINER_LINKS = ", ".join(
    [
        '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type"',
        '<http://www.w3.org/ns/ldp#Resource>; rel="type"',
        '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
    ]
)
# Encoded pages kept (a page of 200 annotations is about 200 KB).
_ENCODED_PAGES = 64
_ANNOTATION_LINKS = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'


def _encoded(value: dict[str, Any]) -> tuple[bytes, str]:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _response(request: Request, encoded: tuple[bytes, str], links: str) -> Response:
    body, etag = encoded
    headers = {
        "ETag": etag,
        "Link": links,
        "Allow": "GET, HEAD, OPTIONS",
        "Vary": "Accept, Prefer",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(body, 200, headers=headers, media_type=web_annotations.MEDIA_TYPE)


def _page_number(request: Request) -> int | None:
    value = request.query_params.get("page")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ApiError(400, "bad-page", f"page must be a whole number from 0, not {value!r}")
    return int(value)


def make_router(state: ServerState, data: ReadingData) -> APIRouter:
    """The annotation containers, at the path of ``<base>annotations/``."""
    router = APIRouter(tags=["Web annotations"])
    base = state.settings.base_iri
    size = state.settings.page_size
    path = urlsplit(base).path + web_annotations.FOLDER + "/"

    def collection(slug: str) -> dict[str, Any]:
        found = data.annotations(slug)
        if found is None:
            raise ApiError(404, "not-found", f"no document {slug!r} has annotations here")
        return found

    def page(found: dict[str, Any], number: int) -> dict[str, Any]:
        container = found["id"]
        items = found["first"]["items"]
        last = max(0, (len(items) - 1) // size)
        if number > last:
            raise ApiError(404, "not-found", f"the container ends on page {last}")
        value: dict[str, Any] = {
            "id": f"{container}?page={number}",
            "type": "AnnotationPage",
            "partOf": {
                "id": container,
                "label": found["label"],
                "total": found["total"],
            },
            "startIndex": number * size,
            "items": items[number * size : (number + 1) * size],
        }
        if number > 0:
            value["prev"] = f"{container}?page={number - 1}"
        if number < last:
            value["next"] = f"{container}?page={number + 1}"
        return value

    # Encoded responses by (collection, page). An entry keeps its collection object alive, so
    # the object's id cannot be reused by another while the entry exists; a changed file is a
    # new object (the reading data parses each version anew), so it is encoded afresh.
    encoded: OrderedDict[tuple[int, int | None], tuple[dict[str, Any], tuple[bytes, str]]] = (
        OrderedDict()
    )

    def remembered(found: dict[str, Any], number: int | None) -> tuple[bytes, str]:
        key = (id(found), number)
        entry = encoded.get(key)
        if entry is not None and entry[0] is found:
            encoded.move_to_end(key)
            return entry[1]
        value = container_value(found) if number is None else page_value(found, number)
        encoded[key] = (found, _encoded(value))
        while len(encoded) > _ENCODED_PAGES:
            encoded.popitem(last=False)
        return encoded[key][1]

    def page_value(found: dict[str, Any], number: int) -> dict[str, Any]:
        return {"@context": web_annotations.CONTEXT, **page(found, number)}

    async def container(request: Request, slug: str) -> Response:
        """A document's annotation container, or one page of it (``?page=N``)."""
        found = collection(slug)
        number = _page_number(request)
        return _response(request, remembered(found, number), _CONTAINER_LINKS)

    def container_value(found: dict[str, Any]) -> dict[str, Any]:
        last = max(0, (found["total"] - 1) // size)
        first = page(found, 0)
        first.pop("partOf")
        value = {
            "@context": web_annotations.CONTEXT,
            "id": found["id"],
            "type": ["BasicContainer", "AnnotationCollection"],
            "label": found["label"],
            "total": found["total"],
            "first": first,
            "last": f"{found['id']}?page={last}",
        }
        return value

    async def annotation(request: Request, slug: str, kind: str, key: str) -> Response:
        """One annotation of a document, at its own IRI."""
        found = collection(slug)
        wanted = f"{found['id']}{kind}/{key}"
        for item in found["first"]["items"]:
            if item["id"] == wanted:
                value = {"@context": web_annotations.CONTEXT, **item}
                return _response(request, _encoded(value), _ANNOTATION_LINKS)
        raise ApiError(404, "not-found", f"no annotation <{wanted}>")

    async def options(request: Request, slug: str) -> Response:
        collection(slug)
        return Response(
            status_code=204,
            headers={"Allow": "GET, HEAD, OPTIONS", "Link": _CONTAINER_LINKS},
        )

    add_get(
        router,
        path + "{slug}/",
        container,
        summary="A document's Web Annotation container",
        description=(
            "The document's assertions and mentions as W3C Web Annotations: the container "
            "(`ldp:BasicContainer`, `AnnotationCollection`) with its first page, or `?page=N` "
            '(from 0). `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`.'
        ),
        response_class=Response,
    )
    router.add_api_route(path + "{slug}/", options, methods=["OPTIONS"], include_in_schema=False)
    add_get(
        router,
        path + "{slug}/{kind}/{key}",
        annotation,
        summary="One Web Annotation",
        response_class=Response,
    )
    return router
