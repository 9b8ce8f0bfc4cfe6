"""The allowed values of every controlled field, read from the SKOS schemes in the ontology."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from provkb.namespaces import VOCAB

_SKOS_IN_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")


class Vocabulary:
    """Concept IRIs by scheme and by the last segment of their IRI (``demand``, ``rally``...)."""

    def __init__(self, schemes: Mapping[str, Mapping[str, str]]):
        self._schemes = {name: dict(values) for name, values in schemes.items()}

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read the concept schemes of ``path`` (``ontology/vocabularies.ttl``)."""
        schemes: dict[str, dict[str, str]] = defaultdict(dict)
        with path.open("rb") as stream:
            for triple in ox.parse(stream, format=ox.RdfFormat.TURTLE):
                if triple.predicate != _SKOS_IN_SCHEME:
                    continue
                concept, scheme = triple.subject.value, triple.object.value
                if scheme.startswith(VOCAB) and concept.startswith(scheme + "/"):
                    schemes[scheme[len(VOCAB) :]][concept[len(scheme) + 1 :]] = concept
        return cls(schemes)

    def iri(self, scheme: str, value: str) -> str | None:
        """The concept IRI of ``value`` in ``scheme``, or None when it is not allowed."""
        return self._schemes.get(scheme, {}).get(value)

    def allowed(self, scheme: str) -> list[str]:
        """The allowed values of ``scheme``, sorted."""
        return sorted(self._schemes.get(scheme, {}))
