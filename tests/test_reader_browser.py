"""The reader's people-facing pages in real Chromium against a live server over the seed build:
from the home page to what Bulut Alemdar said and through whom; a canned query's form filled,
submitted and its results followed; search across spellings, acronyms and quotes; no link off
the site; axe-core finds no serious or critical accessibility violation. Screenshots of every
page kind are written to ``build/screenshots/`` for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from playwright.sync_api import Page, sync_playwright

from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb_harness.browser import ARGS, CHROMIUM, loopback_page, require_chromium
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

SCREENSHOTS = ROOT / "build" / "screenshots"
ALEMDAR = DEFAULT_BASE + "id/person/bulut-alemdar"
ANRO = DEFAULT_BASE + "id/org/anro"
HACIYEVA = DEFAULT_BASE + "id/person/yegana-haciyeva"
PKB = PREFIXES["pkb"]


def _path(iri: str) -> str:
    return urlsplit(iri).path


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("reader"),
        queries_dir=ROOT / "queries",
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="module")
def reference(seed_build: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[Page]:
    """A fresh headless Chromium page; every request must stay on 127.0.0.1 and no script may
    fail."""
    require_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 900},
        )
        with loopback_page(context) as tab:
            yield tab


def _shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000, name


def _hrefs(page: Page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert hrefs, f"no links on {page.url}"
    return hrefs


def _said_by(reference: ox.Store, speaker: str) -> set[str]:
    return {
        q.subject.value
        for q in reference.quads_for_pattern(
            None, ox.NamedNode(PKB + "speaker"), ox.NamedNode(speaker)
        )
    }


def test_from_home_to_what_alemdar_said_and_through_whom(
    page: Page, server: LiveServer, reference: ox.Store
) -> None:
    """A reader who knows no SPARQL: the home page lists the most quoted speakers; Bulut
    Alemdar's page shows every statement of his (counted against the store), each marked direct
    or reported, with the chain it reached the reader through as names."""
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "Who said what, where, when and via whom"
    cards = page.locator(".cards").inner_text()
    assert "4\ndocuments" in cards.replace(" documents", "\ndocuments")
    _shoot(page, "home")
    page.get_by_role("link", name="Bulut Alemdar", exact=True).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(_path(ALEMDAR) + ".html")
    assert page.locator("h1").inner_text() == "Bulut Alemdar"
    said = _said_by(reference, ALEMDAR)
    assert len(said) > 10
    assert page.locator("section:has(#said) .speech--direct").count() > 0
    # One chain per document when its statements share it (the interview), else one each.
    chains = page.locator("section:has(#said) .chain").all_inner_texts()
    assert 1 <= len(chains) <= len(said)
    _shoot(page, "person")
    # Every statement of his is on the page or on the next ones, reached by "next page".
    shown: list[str] = []
    while True:
        shown += page.eval_on_selector_all(
            "section:has(#said) article a[href*='/assertion/']",
            "links => links.map(a => a.getAttribute('href'))",
        )
        following = page.locator("section:has(#said) a[rel=next]").first
        if not following.count():
            break
        following.click()
        page.wait_for_load_state()
    assert sorted(shown) == sorted(_path(a) for a in said)
    # The interview reached the reader through the VOA's Azerbaijani section, in translation.
    assert all("Voice of America, Azerbaijani section" in chain for chain in chains)
    assert all("translator" in chain for chain in chains)
    assert "Names" in page.locator("#names").inner_text()


def test_canned_query_form_filled_and_followed(page: Page, server: LiveServer) -> None:
    """``/queries/actor-assertions`` in the browser is a form; the actor field suggests names
    from the search index; submitted, the rows are those the endpoint gives a machine, the
    SPARQL that ran is shown, and an entity in the results opens its page."""
    page.goto(server.url + "/queries/actor-assertions")
    field = page.get_by_label("Actor")
    assert field.is_visible()
    _shoot(page, "query-form")
    field.fill("Alemdar")
    page.locator("#list-actor option").first.wait_for(state="attached", timeout=10_000)
    suggested = page.eval_on_selector_all("#list-actor option", "os => os.map(o => o.value)")
    assert ALEMDAR in suggested
    field.fill("Bulut Alemdar")
    page.get_by_role("button", name="Show the answer").click()
    page.wait_for_load_state()
    rows = page.locator("section:has(#results-title) tbody tr")
    machine = httpx.get(
        f"{server.url}/queries/actor-assertions?actor={quote(ALEMDAR, safe='')}",
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()["results"]["bindings"]
    assert len(machine) > 10
    assert rows.count() == len(machine)
    assert page.locator("section:has(#results-title) q.quote").count() == len(machine)
    assert "VALUES" in page.locator("#sparql-text").inner_text()
    assert "read as" in page.locator("form.query-form").inner_text()
    _shoot(page, "query-results")
    download = page.get_by_role("link", name="CSV").get_attribute("href")
    assert download is not None
    csv = httpx.get(server.url + download, timeout=30)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == len(machine) + 1

    # who-said-it lists speakers: clicking one opens the speaker's page.
    page.goto(server.url + "/queries/who-said-it")
    page.get_by_label("Words").fill("Turkmen Sahra")
    page.get_by_role("button", name="Show the answer").click()
    page.wait_for_load_state()
    link = page.locator(f'section:has(#results-title) a[href="{_path(ALEMDAR)}"]').first
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(_path(ALEMDAR) + ".html")
    assert page.locator("h1").inner_text() == "Bulut Alemdar"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Hacıyeva", HACIYEVA),
        ("Haciyeva", HACIYEVA),
        ("HACIYEVA", HACIYEVA),
        ("ANRO", ANRO),
        ("Azerbaijan National Resistance Organization", ANRO),
    ],
)
def test_search_finds_names_across_spellings(
    page: Page, server: LiveServer, typed: str, expected: str
) -> None:
    """The header's search box finds an entity by any spelling of its name, an organisation
    by its acronym and by its expansion; the entity is the first result."""
    page.goto(server.url + "/people")
    page.get_by_label("Search people, organisations, places, events and quotes").fill(typed)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    first = page.locator("ol[aria-labelledby=entities-title] li a").first
    assert first.get_attribute("href") == _path(expected)
    if typed == "Hacıyeva":
        _shoot(page, "search")


def test_search_finds_a_quote_by_three_of_its_words(
    page: Page, server: LiveServer, reference: ox.Store
) -> None:
    """Three words of a quote, in another case and without its punctuation, find it."""
    assertion = DEFAULT_BASE + "id/doc/alemdar-voa-interview/assertion/we-support-turkmens"
    exact = next(
        q.object.value
        for q in reference.quads_for_pattern(
            ox.NamedNode(assertion), ox.NamedNode(PKB + "quoteText"), None
        )
    )
    assert "try to support" in exact
    page.goto(server.url + "/search?q=" + quote("TRY to Support"))
    links = page.eval_on_selector_all(
        "ol[aria-labelledby=quotes-title] a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert _path(assertion) in links


def test_search_answers_json_for_autocomplete(server: LiveServer) -> None:
    """``Accept: application/json`` gets the hits as data, each with its local page."""
    found = httpx.get(
        server.url + "/search",
        params={"q": "Haciyeva"},
        headers={"Accept": "application/json"},
        timeout=30,
    ).json()
    assert found["entities"][0]["iri"] == HACIYEVA
    assert found["entities"][0]["href"] == _path(HACIYEVA)
    assert found["entities"][0]["label"] == "Yegana Hacıyeva"


PAGE_KINDS = {
    "home": "/",
    "people": "/people",
    "organisations": "/organisations?sort=said&order=desc",
    "documents": "/documents",
    "places": "/places",
    "events": "/events",
    "statements": "/assertions",
    "search": "/search?q=Alemdar",
    "person": _path(ALEMDAR) + ".html",
    "organisation": _path(ANRO) + ".html",
    "place": _path(DEFAULT_BASE + "id/place/zanjan") + ".html",
    "event": _path(DEFAULT_BASE + "id/event/zarif-statement-november-2020") + ".html",
    "queries": "/queries",
    "query-form": "/queries/actor-assertions",
    "query-results": "/queries/actor-assertions?actor=" + quote(ALEMDAR, safe=""),
}


def test_no_page_links_off_the_site(page: Page, server: LiveServer) -> None:
    """Every link on every kind of reader page, and in YASGUI's results, stays on the server."""
    for kind, path in PAGE_KINDS.items():
        page.goto(server.url + path)
        off = [h for h in _hrefs(page) if urlsplit(h).hostname != "127.0.0.1"]
        assert off == [], f"{kind} ({path}) links off the site: {off}"
    for kind in ("organisation", "place", "event"):
        page.goto(server.url + PAGE_KINDS[kind])
        _shoot(page, kind)
    page.goto(server.url + "/query")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=30_000)
    page.evaluate(
        "q => window.provkbYasgui.getTab().getYasqe().setValue(q)",
        "SELECT ?speaker WHERE { ?a <https://w3id.org/provkb/ontology#speaker> ?speaker } LIMIT 5",
    )
    page.click(".yasqe_queryButton")
    page.locator(".yasr .dataTable tbody tr").first.wait_for(timeout=30_000)
    results = page.eval_on_selector_all(".yasr .dataTable a[href]", "ls => ls.map(a => a.href)")
    assert results, "YASGUI shows no links"
    assert all(urlsplit(h).hostname == "127.0.0.1" for h in results), results


@pytest.mark.parametrize(
    "kind", ["home", "people", "search", "person", "organisation", "query-form", "query-results"]
)
def test_no_serious_accessibility_violations(page: Page, server: LiveServer, kind: str) -> None:
    """axe-core (shipped in static/, injected here) finds no serious or critical violation of
    WCAG 2 A/AA on the reader's pages."""
    page.goto(server.url + PAGE_KINDS[kind])
    page.add_script_tag(url="/static/axe-core.min.js")
    found = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert found["passes"], "axe ran no check"
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{kind}: {bad}"
