"""The provkb HTTP server: a read-only SPARQL endpoint, dumps, linked data and a query UI."""
