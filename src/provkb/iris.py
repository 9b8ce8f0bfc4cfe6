"""The IRIs provkb mints: readable slugs under a configurable base."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Iris:
    """IRI minting for one base (``https://w3id.org/provkb/`` by default)."""

    base: str

    def entity(self, ref: str) -> str:
        """``person/jane-doe`` → ``<base>id/person/jane-doe``."""
        return f"{self.base}id/{ref}"

    def document(self, slug: str) -> str:
        return f"{self.base}id/doc/{slug}"

    def in_document(self, slug: str, *parts: object) -> str:
        """A node that belongs to one document: ``<base>id/doc/<slug>/<part>/<part>...``."""
        return "/".join([self.document(slug), *(str(p) for p in parts)])

    def span(self, slug: str, start: int, end: int) -> str:
        return self.in_document(slug, "span", f"{start}-{end}")

    def assertion(self, slug: str, assertion_id: str) -> str:
        return self.in_document(slug, "assertion", assertion_id)

    def mention(self, slug: str, start: int, end: int) -> str:
        return self.in_document(slug, "mention", f"{start}-{end}")

    def decision(self, kind: str, decision_id: str) -> str:
        return f"{self.base}id/decision/{kind}/{decision_id}"

    def graph(self, name: str) -> str:
        """``doc/<slug>``, ``entities``, ``metadata``, ``decisions/identity``... → graph IRI."""
        return f"{self.base}graph/{name}"

    def build(self, digest: str) -> str:
        return f"{self.base}id/build/{digest}"
