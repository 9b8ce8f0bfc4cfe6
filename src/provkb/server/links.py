"""Where a KB IRI links to on this site, and how it is shown.

Every IRI under ``<base>id/`` is served by this server at the IRI's path
(:mod:`provkb.server.linked_data`), so a page links it by that path: the link works on
``127.0.0.1`` as on the public site. The IRI itself is shown as the identifier; when a public URL
is configured (``provkb serve --public-url``), the permalink offered is that URL's page.
Other IRIs (ontology terms, external vocabularies) are shown, not linked, so no page of the
reader leads off the site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from provkb.server.settings import ServerSettings


class Links:
    """Local paths for the KB's IRIs."""

    def __init__(self, settings: ServerSettings) -> None:
        self.id_prefix = settings.id_prefix
        self.public_url = settings.public_url
        self._path_prefix = urlsplit(settings.id_prefix).path

    def href(self, iri: str | None) -> str | None:
        """The site-relative path of ``iri``'s page, or ``None`` when it is not one of ours."""
        if not iri or not iri.startswith(self.id_prefix) or len(iri) == len(self.id_prefix):
            return None
        rest = iri[len(self.id_prefix) :]
        if "?" in rest or "#" in rest:
            # The page is the resource's path: a query or fragment is not part of it.
            return urlsplit(iri).path
        return self._path_prefix + rest

    def permalink(self, iri: str) -> str | None:
        """The public address of ``iri``'s page: under the configured public URL, else the
        site-relative path."""
        path = self.href(iri)
        if path is None or not self.public_url:
            return path
        return self.public_url.rstrip("/") + path
