"""The Jinja2 environment of the people-facing pages: ``templates/`` with ``base.html``, the one
frame (site name, search box, main navigation, footer) every page extends.

Autoescape is on for every template, so a value from the KB is text unless a caller marks it
as HTML on purpose (``markupsafe.Markup``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from provkb.build import draft_marks

TEMPLATES_DIR = Path(__file__).parent / "templates"
SITE_NAME = "provkb"


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation: its key (for ``aria-current``), label and path."""

    key: str
    label: str
    href: str


NAV = (
    NavItem("home", "Home", "/"),
    NavItem("documents", "Documents", "/documents"),
    NavItem("people", "People", "/people"),
    NavItem("organisations", "Organisations", "/organisations"),
    NavItem("places", "Places", "/places"),
    NavItem("events", "Events", "/events"),
    NavItem("queries", "Queries", "/queries"),
    NavItem("network", "Network", "/network"),
    NavItem("timeline", "Timeline", "/timeline"),
    NavItem("sparql", "SPARQL", "/query"),
)


def make_environment() -> Environment:
    """A Jinja2 environment over ``templates/`` with the frame's globals."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(site_name=SITE_NAME, nav=NAV, active=None, full_width=False)
    # The draft badge's words and explanation; ``drafts`` (IRI -> draft mark, from the reader
    # index) is empty unless a page passes the marks of what it shows.
    environment.globals.update(
        drafts=MappingProxyType({}),
        draft_badge_text=draft_marks.BADGE,
        draft_legend_text=draft_marks.LEGEND,
        draft_open_hint=draft_marks.OPEN_HINT,
        draft_why=draft_marks.explain,
    )
    return environment


def render(environment: Environment, name: str, **context: Any) -> str:
    """The template ``name`` rendered with ``context``."""
    return environment.get_template(name).render(**context)
