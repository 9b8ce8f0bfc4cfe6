"""The server's settings: one immutable dataclass, given to :func:`provkb.server.app.create_app`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provkb.namespaces import DEFAULT_BASE


@dataclass(frozen=True)
class ServerSettings:
    """Everything the server needs to know; no module globals anywhere in the server.

    Attributes:
        dataset: the TriG (or N-Quads) file to serve, normally ``build/provkb.trig``.
        build_dir: the folder whose dump files ``/dumps/`` publishes (normally ``build/``).
        store_dir: where the on-disk Oxigraph stores live, one sub-folder per dataset digest.
        queries_dir: the canned queries (``queries/``); ``None`` serves none.
        base_iri: the base IRI the KB was built with; its path part is dereferenced on this server.
        query_timeout: seconds a query may run before it is cancelled (503).
        max_rows: result rows (or triples) past which a client's query is refused (422); the
            server's own queries (pages, descriptions, Graph Store reads) are bounded by the
            data instead.
        max_response_bytes: serialised result size past which a query is refused (422).
        max_concurrent_queries: query worker processes; more queries at once wait in line.
        max_query_memory: bytes of memory one worker may allocate; a query past it gets 422.
        queue_timeout: seconds a query waits for a free worker before it gets 503.
        max_request_bytes: request bodies larger than this get 413.
        cors_origins: origins allowed to query from a browser (``*`` for any).
        page_size: entries of each list (statements, links to the resource, quotes) an IRI's
            HTML page shows at once; longer lists go on over ``?page=2``, ``?page=3``…
        public_url: the address the site is published at (``https://kb.example.org/``), used
            for the permalinks pages offer; ``None`` (running locally) offers local paths. Links
            between pages are site-relative either way.
        reader_page_size: entries of each list of the reader's pages (browse lists, quotes of
            an entity page).
    """

    dataset: Path
    build_dir: Path
    store_dir: Path
    queries_dir: Path | None = None
    base_iri: str = DEFAULT_BASE
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_response_bytes: int = 32 * 1024 * 1024
    max_concurrent_queries: int = 4
    max_query_memory: int = 2 * 1024**3
    queue_timeout: float = 2.0
    max_request_bytes: int = 256 * 1024
    cors_origins: tuple[str, ...] = field(default=("*",))
    page_size: int = 200
    public_url: str | None = None
    reader_page_size: int = 25

    @property
    def id_prefix(self) -> str:
        """The IRI prefix of every entity, document and assertion (``<base>id/``)."""
        return self.base_iri + "id/"

    @property
    def dataset_iri(self) -> str:
        """The IRI the build's VoID gives the whole KB (``<base>id/dataset``)."""
        return self.id_prefix + "dataset"
