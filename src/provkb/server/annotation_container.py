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
_ANNOTATION_LINKS = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'


def _response(request: Request, value: dict[str, Any], links: str) -> Response:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
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

    async def container(request: Request, slug: str) -> Response:
        """A document's annotation container, or one page of it (``?page=N``)."""
        found = collection(slug)
        number = _page_number(request)
        if number is not None:
            return _response(
                request,
                {"@context": web_annotations.CONTEXT, **page(found, number)},
                _CONTAINER_LINKS,
            )
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
        return _response(request, value, _CONTAINER_LINKS)

    async def annotation(request: Request, slug: str, kind: str, key: str) -> Response:
        """One annotation of a document, at its own IRI."""
        found = collection(slug)
        wanted = f"{found['id']}{kind}/{key}"
        for item in found["first"]["items"]:
            if item["id"] == wanted:
                return _response(
                    request, {"@context": web_annotations.CONTEXT, **item}, _ANNOTATION_LINKS
                )
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
