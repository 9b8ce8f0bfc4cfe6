"""The app factory: :func:`create_app` builds one FastAPI application from its settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from provkb import __version__
from provkb.query.catalogue import load_catalogue
from provkb.server import (
    annotation_container,
    dumps,
    endpoint,
    graph_store,
    linked_data,
    queries,
    reader,
    reading,
    ui,
)
from provkb.server.clients import ClientMiddleware, Penalties, trusted_networks
from provkb.server.cors import JsonCORSMiddleware
from provkb.server.errors import ApiError, error_payload
from provkb.server.executor import ADHOC, LIGHT, LaneConfig, QueryPool
from provkb.server.hygiene import HygieneMiddleware
from provkb.server.openapi import describe
from provkb.server.query_pages import QueryPages
from provkb.server.reading_data import reading_data_for
from provkb.server.settings import ServerSettings
from provkb.server.state import ServerState
from provkb.server.store import prepare_store

OPENAPI_URL = "/openapi.json"
_HTTP_CODES = {404: "not-found", 405: "method-not-allowed", 413: "request-too-large"}


def query_pool(settings: ServerSettings) -> QueryPool:
    """The worker pool the settings ask for: an ad-hoc lane and a light lane."""
    lanes = {
        ADHOC: LaneConfig(
            settings.max_concurrent_queries,
            settings.client_query_limit,
            settings.queue_timeout,
            settings.adhoc_niceness,
        ),
        # The light lane's queries are the project's own, short and bounded: a client may use
        # all of its workers (waiting clients still take turns), a query waits for one until
        # its deadline rather than be refused after queue_timeout, and one whose client went
        # away is left to finish: replacing a killed worker costs a second of CPU or more, and
        # left the lane without workers for seconds each time a load generator stopped.
        LIGHT: LaneConfig(
            settings.light_workers,
            settings.light_workers,
            settings.query_timeout,
            stop_on_disconnect=False,
        ),
    }
    penalties = Penalties(
        settings.strike_limit,
        settings.strike_window,
        settings.penalty_seconds,
        settings.max_penalty_seconds,
    )
    return QueryPool(
        lanes,
        settings.query_memory,
        settings.max_client_waiting,
        penalties,
    )


def create_app(settings: ServerSettings) -> FastAPI:
    """A FastAPI app serving ``settings.dataset``.

    The on-disk store is prepared and the query workers are started when the app starts (its
    lifespan), not here, so creating an app is cheap; the canned-query routes are generated here
    from the catalogue, so they appear in the OpenAPI description.
    """
    catalogue = load_catalogue(settings.queries_dir) if settings.queries_dir else []
    state = ServerState(settings=settings, pool=query_pool(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Prepare the store and start the workers; stop them at shutdown.

        No query runs here: the routes ask the store for what they need when they are
        requested, so start-up time and memory do not grow with the KB, and no start-up query
        can run into a cap and stop the server.
        """
        store_path = await asyncio.to_thread(prepare_store, settings.dataset, settings.store_dir)
        await state.pool.start(store_path)
        try:
            yield
        finally:
            await state.pool.close()
            pages.index.close()

    app = FastAPI(
        title="provkb",
        version=__version__,
        description=(
            "Who said what, where, when and via whom: a read-only SPARQL 1.1 endpoint over the "
            "provkb knowledge base, its canned queries, dumps and linked-data pages."
        ),
        lifespan=lifespan,
        # /docs comes from ui.py with vendored Swagger UI files; FastAPI's own loads a CDN.
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
    )
    app.state.provkb = state
    # Innermost: its 400 for a query string that is not UTF-8 still gets the CORS headers.
    app.add_middleware(HygieneMiddleware)
    # Every request knows its client (the address, or a trusted proxy's X-Forwarded-For).
    app.add_middleware(ClientMiddleware, trusted=trusted_networks(settings.trusted_proxies))
    app.add_middleware(
        JsonCORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Content-Location", "ETag", "Last-Modified", "Retry-After"],
    )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        """Render an :class:`ApiError` as its JSON body."""
        return JSONResponse(error.payload(), error.status, headers=error.headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        """Render Starlette's errors (404, 405) in the same JSON shape."""
        code = _HTTP_CODES.get(error.status_code, f"http-{error.status_code}")
        return JSONResponse(
            error_payload(code, str(error.detail)), error.status_code, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        """Render a request FastAPI could not validate as a 400."""
        return JSONResponse(error_payload("bad-request", str(error.errors())), 400)

    app.include_router(endpoint.make_router(state))
    app.include_router(graph_store.make_router(state))
    app.include_router(dumps.make_router(state))
    pages = reader.Reader(state, catalogue)
    app.include_router(queries.make_router(state, catalogue, QueryPages(pages)))
    # The reading pages of documents and assertions come before the other pages of KB IRIs.
    reading_data = reading_data_for(settings)
    app.include_router(reading.make_router(state, reading_data))
    app.include_router(annotation_container.make_router(state, reading_data))
    app.include_router(reader.make_router(pages))
    app.include_router(linked_data.make_router(state, pages))
    app.include_router(ui.make_router(catalogue, OPENAPI_URL, settings.id_prefix))
    app.mount("/static", StaticFiles(directory=ui.STATIC_DIR), name="static")
    base_path = urlsplit(settings.base_iri).path
    app.openapi = lambda: describe(app, base_path)  # type: ignore[method-assign]
    return app
