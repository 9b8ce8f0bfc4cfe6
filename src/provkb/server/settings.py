"""The server's settings: one immutable dataclass, given to :func:`provkb.server.app.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provkb.namespaces import DEFAULT_BASE
from provkb.server.memory import query_memory_limit


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server needs to know; no module globals anywhere in the server.

    Attributes:
        dataset: the TriG (or N-Quads) file to serve, normally the build's (:mod:`provkb.layout`).
        build_dir: the folder ``/dumps/`` publishes (normally the build's published folder).
        store_dir: where the on-disk Oxigraph stores live, one sub-folder per dataset digest.
        state_dir: the build's internal state (:attr:`provkb.layout.BuildLayout.state`), where
            build-time indexes the pages read live; ``None`` when a TriG is served as it is.
        queries_dir: the canned queries (``queries/``); ``None`` serves none.
        base_iri: the base IRI the KB was built with; its path part is dereferenced on this server.
        query_timeout: seconds a query may run before it is cancelled (503).
        max_rows: result rows (or triples) past which a client's query is refused (422); the
            server's own queries (pages, descriptions, Graph Store reads) are bounded by the
            data instead.
        max_response_bytes: serialised result size past which a query is refused (422).
        max_concurrent_queries: worker processes of the ad-hoc lane (``/sparql``); more
            queries at once wait in line.
        light_workers: worker processes reserved for the light lane: canned queries, IRI pages
            and Graph Store reads, which ad-hoc queries never take.
        max_client_queries: ad-hoc queries one client may run at once (its others wait);
            ``None``: half the ad-hoc workers (at least one).
        max_client_waiting: queries one client may have waiting in a lane; past it, 429.
        max_query_memory: bytes of memory one worker may allocate; a query past it gets 422.
            ``None`` derives it: ``query_memory_share`` of the machine's memory over all the
            workers, so that together they stay within that share.
        query_memory_share: the share of the machine's memory all workers may use together.
        adhoc_niceness: the ad-hoc lane's workers run this much nicer than the server, so that
            heavy ad-hoc queries leave the CPU to the server and the light lane first.
        queue_timeout: seconds an ad-hoc query waits for a free worker before it gets 503 (a
            light-lane query waits until its deadline).
        strike_limit: failed queries (deadline, memory cap, crashed worker) within
            ``strike_window`` seconds after which a client is refused (429) for
            ``penalty_seconds``, doubled on each repeat up to ``max_penalty_seconds``;
            0 never refuses.
        public_url: the base URL clients reach this server at (``https://kb.example/``); the
            service description, the absolute links and the pages' permalinks are built from
            it. ``None``: the address each connection reached (never the client's ``Host``
            header); the pages then offer site-relative permalinks. Links between pages are
            site-relative either way.
        trusted_proxies: addresses or networks of reverse proxies whose ``X-Forwarded-For``
            names the client; by default no one's (the connection's address is the client).
        max_request_bytes: request bodies larger than this get 413.
        request_read_timeout: seconds a client has to send a whole request (its head and
            body) once it starts one; a connection still sending after that is closed, so that
            clients trickling bytes cannot hold every connection the server can open.
        cors_origins: origins allowed to query from a browser (``*`` for any).
        canned_cache_bytes: bytes of canned-query answers kept to be served again without a
            worker (the store never changes under a running server); 0 keeps none.
        page_size: entries of each list (statements, links to the resource, quotes) an IRI's
            HTML page shows at once; longer lists go on over ``?page=2``, ``?page=3``…
        reader_page_size: entries of each list of the reader's pages (browse lists, quotes of
            an entity page).
    """

    dataset: Path
    build_dir: Path
    store_dir: Path
    state_dir: Path | None = None
    queries_dir: Path | None = None
    base_iri: str = DEFAULT_BASE
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_response_bytes: int = 32 * 1024 * 1024
    max_concurrent_queries: int = 4
    light_workers: int = 2
    max_client_queries: int | None = None
    max_client_waiting: int = 64
    max_query_memory: int | None = None
    query_memory_share: float = 0.5
    adhoc_niceness: int = 10
    queue_timeout: float = 2.0
    strike_limit: int = 3
    strike_window: float = 60.0
    penalty_seconds: float = 30.0
    max_penalty_seconds: float = 600.0
    trusted_proxies: tuple[str, ...] = ()
    public_url: str | None = None
    max_request_bytes: int = 256 * 1024
    request_read_timeout: float = 20.0
    cors_origins: tuple[str, ...] = field(default=("*",))
    page_size: int = 200
    reader_page_size: int = 25
    canned_cache_bytes: int = 64 * 2**20

    @property
    def client_query_limit(self) -> int:
        """Ad-hoc queries one client may run at once."""
        if self.max_client_queries is not None:
            return max(1, self.max_client_queries)
        return max(1, self.max_concurrent_queries // 2)

    @property
    def query_memory(self) -> int:
        """Bytes one query worker may allocate (``max_query_memory``, or derived)."""
        if self.max_query_memory is not None:
            return self.max_query_memory
        workers = self.max_concurrent_queries + self.light_workers
        return query_memory_limit(self.query_memory_share, workers)

    @property
    def id_prefix(self) -> str:
        """The IRI prefix of every entity, document and assertion (``<base>id/``)."""
        return self.base_iri + "id/"

    @property
    def dataset_iri(self) -> str:
        """The IRI the build's VoID gives the whole KB (``<base>id/dataset``)."""
        return self.id_prefix + "dataset"
