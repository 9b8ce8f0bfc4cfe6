"""Run SELECT queries on any SPARQL 1.1 endpoint (the protocol, by SPARQLWrapper), giving the same
:class:`~provkb.query.select.Table` as the embedded store."""

from __future__ import annotations

import urllib.error

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from provkb.query.select import Table, Term


class EndpointError(RuntimeError):
    """A SPARQL endpoint that cannot be reached or that refused the query."""


def select_endpoint(url: str, query: str, timeout: float = 60.0) -> Table:
    """Run a SELECT query on a SPARQL 1.1 endpoint (protocol POST, JSON results).

    Raises:
        EndpointError: when the endpoint cannot be reached, refuses the query or answers with
            something that is not a JSON result set.
    """
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        result = client.queryAndConvert()
    except (SPARQLWrapperException, urllib.error.URLError, OSError, ValueError) as error:
        raise EndpointError(f"{url}: {error}") from error
    if not isinstance(result, dict) or "results" not in result:
        raise EndpointError(f"{url}: the answer is not a SPARQL JSON result set")
    variables = list(result["head"]["vars"])
    rows = [
        {name: Term.from_json(value) for name, value in binding.items()}
        for binding in result["results"]["bindings"]
    ]
    return Table(variables, rows)
