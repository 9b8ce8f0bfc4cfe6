"""The shared frame of the server's HTML pages (escaped by construction: callers pass text).

:func:`page` puts an already-built HTML body into ``templates/base.html``, the frame of every
page; pages written as templates extend ``base.html`` themselves.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment
from markupsafe import Markup

from provkb.server.templating import make_environment, render


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The pages' Jinja2 environment (built once: it holds only the templates folder)."""
    return make_environment()


def page(
    title: str, body: str, *, full_width: bool = False, head: str = "", active: str | None = None
) -> str:
    """A complete HTML document: the site frame around ``body`` (already HTML).

    Args:
        title: the page's title (text, escaped here).
        body: the page's content, HTML built by the caller with every value escaped.
        full_width: let the content use the whole window (the SPARQL editor).
        head: extra HTML for ``<head>`` (stylesheets, ``<link rel>``).
        active: the key of the main navigation entry this page belongs to.
    """
    return render(
        environment(),
        "base.html",
        title=title,
        body=Markup(body),
        head=Markup(head),
        full_width=full_width,
        active=active,
    )
