"""The query UI in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser). It loads ``/``, runs a query in YASGUI and sees the rows, then opens an entity page and
follows a link. Every request the page makes must stay on the server: no CDN, no prefix.cc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from provkb.layout import BuildLayout
from provkb.query.catalogue import load_catalogue
from provkb_harness.browser import ARGS, CHROMIUM, loopback_page, require_chromium
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

QUERY = """PREFIX pkb: <https://w3id.org/provkb/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?speaker ?label (COUNT(?a) AS ?assertions) WHERE {
  ?a a pkb:Assertion ; pkb:speaker ?speaker . ?speaker skos:prefLabel ?label
  FILTER(LANG(?label) = "en")
} GROUP BY ?speaker ?label ORDER BY DESC(?assertions) ?label"""


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("browser"),
        queries_dir=ROOT / "queries",
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture()
def browser_page(tmp_path: Path) -> Iterator[Page]:
    """A page of a fresh headless Chromium profile; records requests that leave 127.0.0.1."""
    require_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
        )
        with loopback_page(context) as page:
            yield page


def test_yasgui_runs_a_query_and_shows_rows(browser_page: Page, server: LiveServer) -> None:
    """Every canned query is a tab; a query typed into the editor runs and its rows show."""
    page = browser_page
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    titles = [q.title for q in load_catalogue(ROOT / "queries")]
    tab_names = page.locator(".tabsList .tab").all_inner_texts()
    # Each tab's text ends with its close button, "✖".
    assert [name.replace("✖", "").strip() for name in tab_names] == titles
    page.evaluate("query => window.provkbYasgui.getTab().getYasqe().setValue(query)", QUERY)
    page.click(".yasqe_queryButton")
    rows = page.locator(".yasr .dataTable tbody tr")
    rows.first.wait_for(timeout=30_000)
    assert rows.count() >= 3
    assert "Bulut Alemdar" in page.locator(".yasr .dataTable").inner_text()


def test_entity_page_in_the_browser(browser_page: Page, server: LiveServer) -> None:
    """An entity IRI opens as a readable page whose links lead to other pages of the KB."""
    page = browser_page
    response = page.goto(server.url + "/provkb/id/person/bulut-alemdar")
    assert response is not None and response.ok
    assert page.url.endswith("/provkb/id/person/bulut-alemdar.html")
    assert page.locator("h1").inner_text() == "Bulut Alemdar"
    assert page.locator("blockquote").count() >= 3
    page.click('a[href="/provkb/id/doc/alemdar-voa-interview"]')
    page.wait_for_load_state()
    assert page.url.endswith("/provkb/id/doc/alemdar-voa-interview.html")
    assert page.locator("h1").inner_text()


def test_api_docs_render_from_local_files(browser_page: Page, server: LiveServer) -> None:
    """/docs is Swagger UI from this server's own files, listing the endpoint and every query."""
    page = browser_page
    page.goto(server.url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/sparql" in [p.strip() for p in paths]
    for query in load_catalogue(ROOT / "queries"):
        assert f"/queries/{query.name}" in [p.strip() for p in paths]
