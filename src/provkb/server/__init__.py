"""The provkb HTTP server (``provkb serve``): a read-only SPARQL endpoint over the KB.

One module per job; :func:`provkb.server.app.create_app` puts them together from a
:class:`provkb.server.settings.ServerSettings`.

=====================================  =========================================================
``/sparql``                            SPARQL 1.1 Protocol (:mod:`.sparql`); service description
``/queries``, ``/queries/<name>``      the canned queries, one route each (:mod:`.queries`)
``/graph?graph=IRI`` / ``?default``    Graph Store Protocol, read side (:mod:`.graph_store`)
``/dumps/…``, ``/.well-known/void``    the build's files and VoID (:mod:`.dumps`)
``<path of base IRI>id/…``             every IRI of the KB: 303 to HTML or RDF (:mod:`.linked_data`)
``<path of base IRI>graph/…``          every named graph: 303 to ``/graph?graph=…``
``/``, ``/docs``                       YASGUI and Swagger UI, from vendored files (:mod:`.ui`)
=====================================  =========================================================

Queries run in worker processes (:mod:`.executor`, :mod:`.worker`, :mod:`.execution`) that open
the on-disk store (:mod:`.store`) read-only; the response is serialised completely in the worker
(:mod:`.results`), under the deadline and the caps, before anything is sent.

Every client mistake gets a JSON body ``{"error": code, "message": text}``: 400 malformed query
(with ``line`` and ``column``) or bad parameter, 403 update / ``SERVICE``, 404 unknown IRI, dump
or graph, 405 writes to ``/graph``, 406 nothing acceptable in ``Accept``, 413 request body over
the cap, 415 request type, 422 result over the row or size cap or query over the memory cap,
503 deadline passed or every worker busy (with ``Retry-After``).
"""
