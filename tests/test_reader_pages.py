"""The reader in a real browser (Debian's Chromium via Playwright) against a real uvicorn server
on the seed KB: every quote of every document is marked and linked, every mention links to its
entity (both counted against the store with SPARQL), a selected quote shows its speaker and relay
chain, the keyboard reaches every quote, axe-core finds no serious or critical violation, and the
Web Annotation containers parse as JSON-LD with selectors that match the text. Screenshots of
each page kind go to ``build/screenshots/``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from playwright.sync_api import Browser, Page, sync_playwright
from SPARQLWrapper import JSON, SPARQLWrapper
from starlette.requests import Request

from provkb.build.reading_index import MAX_DRAWN_EDGES
from provkb.layout import BuildLayout
from provkb.server.reading import network_filters
from provkb_harness.browser import ARGS, CHROMIUM, loopback_page, require_chromium
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

STATIC = ROOT / "src" / "provkb" / "server" / "static"
SCREENSHOTS = ROOT / "build" / "screenshots"
ID = "https://w3id.org/provkb/id/"
SEED_DOCS = sorted(p.stem for p in (ROOT / "kb" / "documents").glob("*.txt"))
PREFIXES = "PREFIX pkb: <https://w3id.org/provkb/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
RELAYED = "eurasia-news-brussels-rally/assertion/iran-declares-armenia-red-line"


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(BuildLayout(seed_build).trig, tmp_path_factory.mktemp("reader"))
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that may reach 127.0.0.1 only, and must raise no JavaScript error."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    with loopback_page(context) as opened:
        yield opened


def _select(server: LiveServer, query: str) -> list[dict[str, str]]:
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery(PREFIXES + query)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _path(iri: str) -> str:
    return urlsplit(iri).path


def _screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000, f"{target} looks empty"


def _axe(page: Page) -> list[dict[str, object]]:
    """The serious and critical violations axe-core finds on the page (axe injected here)."""
    page.add_script_tag(path=str(STATIC / "axe-core.min.js"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("slug", SEED_DOCS)
def test_every_quote_and_mention_is_marked_and_linked(
    server: LiveServer, page: Page, slug: str
) -> None:
    doc = f"{ID}doc/{slug}"
    assertions = _select(server, f"SELECT ?a WHERE {{ ?a a pkb:Assertion ; pkb:quotedIn <{doc}> }}")
    mentions = _select(
        server,
        f"SELECT ?m ?e WHERE {{ ?m a pkb:Mention ; pkb:inDocument <{doc}> ; pkb:refersTo ?e }}",
    )
    assert assertions and mentions, f"the store has no assertions or mentions for {slug}"
    page.goto(f"{server.url}{_path(doc)}")
    assert page.url.endswith(f"{slug}.html"), "the document's IRI did not lead to its page"
    badges = page.eval_on_selector_all("a.qbadge", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(badges) == sorted(_path(row["a"]) for row in assertions)
    # Every quote's text is inside a mark of that quote.
    marked = page.eval_on_selector_all(
        "#reader-text mark.q[data-a]", "els => [...new Set(els.map(e => e.dataset.a))].length"
    )
    assert marked == len(assertions)
    links = page.eval_on_selector_all(
        "#reader-text a.mention",
        "els => els.map(e => [e.dataset.mentions.split(' ')[0], e.getAttribute('href')])",
    )
    linked = {(key, href) for key, href in links}
    for row in mentions:
        key = row["m"].rsplit("/", 1)[-1]
        assert (key, _path(row["e"])) in linked, f"mention {row['m']} has no link to {row['e']}"
    panel = page.locator(".quote-item").count()
    assert panel == len(assertions), "the side panel does not list every quote"
    if slug == "haciyeva-2025-karabakh-article":
        _screenshot(page, "reader-document-top")
        page.evaluate("() => document.getElementById('q-12').scrollIntoView({block: 'start'})")
        _screenshot(page, "reader-document")


def test_selecting_a_relayed_quote_shows_speaker_and_chain(server: LiveServer, page: Page) -> None:
    hops = _select(
        server,
        f"SELECT ?h WHERE {{ <{ID}doc/{RELAYED}> pkb:relayHop ?h }}",
    )
    assert len(hops) == 2, "the example quote should reach the document through two hops"
    page.goto(f"{server.url}/provkb/id/doc/eurasia-news-brussels-rally")
    badge = page.locator(f'a.qbadge[href="/provkb/id/doc/{RELAYED}"]')
    badge.click()
    index = badge.get_attribute("data-a")
    detail = page.locator(f'.quote-item[data-a="{index}"] .quote-detail')
    detail.wait_for(state="visible")
    chain = detail.locator(".relay-chain li").all_inner_texts()
    names = [" ".join(text.split()) for text in chain]
    assert len(names) == 5, names
    expected = ["Eurasia News Online", "Azertaj", "Majid Araz", "Iran (state)"]
    for name, text in zip(expected, names[1:], strict=True):
        assert name in text, (name, names)
    assert "Iran (state)" in detail.locator("dl").inner_text()
    assert page.url.endswith(".html"), "selecting a quote must not leave the page"
    _screenshot(page, "reader-selected-quote")


def test_keyboard_reaches_every_quote(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/provkb/id/doc/eurasia-news-brussels-rally")
    expected = page.locator("a.qbadge").count()
    reached: set[str] = set()
    page.locator("#reader-text").focus()
    for _ in range(expected * 5):
        page.keyboard.press("Tab")
        current = page.evaluate(
            "() => document.activeElement.classList.contains('qbadge') ? "
            "document.activeElement.id : null"
        )
        if current:
            reached.add(current)
        if page.evaluate("() => !!document.activeElement.closest('.reader-panel')"):
            break
    assert len(reached) == expected
    # "n" walks the quotes too, and selects each.
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert page.evaluate("() => document.activeElement.id") == "q-2"
    assert page.locator('.quote-item[data-a="1"] details[open]').count() == 1


def test_assertion_page_shows_context_chain_and_judgements(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/provkb/id/doc/{RELAYED}")
    assert "red line" in page.locator(".context mark").inner_text()
    chain = " ".join(page.locator(".relay-chain").inner_text().split())
    for name in ("Eurasia News Online", "Azertaj", "Majid Araz", "Iran (state)"):
        assert name in chain
    sides = page.locator(".side-by-side section")
    assert sides.count() == 2
    assert page.locator(".side-by-side .judgement").count() >= 1
    assert "Judged to corroborate this quote" in page.locator(".side-by-side").inner_text()
    assert "Corroborated by 3 quotes" in page.locator(".side-by-side").inner_text()
    page.set_viewport_size({"width": 1400, "height": 1500})
    _screenshot(page, "assertion")


@pytest.mark.parametrize(
    "path",
    [
        "/provkb/id/doc/haciyeva-2025-karabakh-article",
        f"/provkb/id/doc/{RELAYED}",
        "/network",
        "/timeline",
    ],
)
def test_no_serious_accessibility_violation(server: LiveServer, page: Page, path: str) -> None:
    page.goto(f"{server.url}{path}")
    page.wait_for_load_state("networkidle")
    violations = _axe(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_network_draws_filters_and_links(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/network")
    page.wait_for_selector("#network-graph[data-ready]")
    drawn = int(page.get_attribute("#network-graph", "data-ready") or 0)
    assert drawn > 10
    full = page.locator("tbody tr").count()
    assert 0 < full <= MAX_DRAWN_EDGES
    page.select_option("#filter-doc", "alemdar-voa-interview")
    page.locator(".filters button").click()
    page.wait_for_selector("#network-graph[data-ready]")
    assert "doc=alemdar-voa-interview" in page.url
    rows = page.locator("tbody tr").count()
    assert 0 < rows < full
    relay = page.locator("tbody tr", has_text="relayed the words of")
    assert relay.count() >= 1
    page.evaluate("() => document.querySelector('.filters').scrollIntoView()")
    _screenshot(page, "network")
    relay.first.locator("td").first.locator("a").click()
    page.wait_for_load_state()
    assert "/provkb/id/" in page.url


def test_timeline_draws_years_as_years(server: LiveServer, page: Page) -> None:
    events = json.loads(urllib.request.urlopen(f"{server.url}/timeline.json").read())["events"]
    years = [e for e in events if e["date"] and e["date"]["precision"] == "year"]
    assert years, "the seed KB should date some event to the year only"
    first = years[0]
    year = int(first["date"]["value"])
    assert (first["from"], first["to"]) == (f"{year}-01-01", f"{year + 1}-01-01")
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector("#timeline[data-ready]")
    drawn = int(page.get_attribute("#timeline", "data-ready") or 0)
    assert drawn == sum(1 for e in events if e["from"] and e["to"])
    assert page.locator(".vis-item.precision-year").count() >= 1
    page.evaluate("() => document.querySelector('.edge-legend').scrollIntoView()")
    # vis-timeline redraws what scrolled into view on its next frames.
    page.locator(".vis-item.precision-year").first.wait_for(state="visible")
    page.locator(".vis-time-axis .vis-text.vis-minor:not(.vis-measure)").first.wait_for(
        state="visible"
    )
    page.wait_for_timeout(1000)
    _screenshot(page, "timeline")


def _get(url: str) -> tuple[dict[str, str], dict[str, object]]:
    with urllib.request.urlopen(url) as response:
        return dict(response.headers), json.loads(response.read())


def _as_rdf(value: dict[str, object]) -> rdflib.Graph:
    """The JSON-LD parsed by rdflib offline: our subset of the W3C Web Annotation context stands
    in for its IRI. Every key and every ``type``/``motivation``/``purpose`` word the value uses
    must be a term of the contexts, since JSON-LD silently drops what it cannot map."""
    subset = json.loads((STATIC / "provkb-anno-context.jsonld").read_text(encoding="utf-8"))
    context = value["@context"]
    assert isinstance(context, list) and context[0] == "http://www.w3.org/ns/anno.jsonld"
    local = [subset["@context"], *context[1:]]
    terms = {term for part in local for term in part}
    _assert_mapped(value, terms)
    return rdflib.Graph().parse(data=json.dumps({**value, "@context": local}), format="json-ld")


def _assert_mapped(value: object, terms: set[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _assert_mapped(item, terms)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                continue
            assert key in terms, f"key {key!r} is not in the annotation context"
            if key in ("type", "motivation", "purpose"):
                for word in item if isinstance(item, list) else [item]:
                    assert word in terms or ":" in word, f"{key} {word!r} is not a term"
            _assert_mapped(item, terms)


def _assert_selects_in_rdf(
    graph: rdflib.Graph, annotation: rdflib.term.Node, doc: str, text: str
) -> None:
    """As RDF (``oa:`` IRIs): the annotation's target is the document, and its position
    selector's ``oa:start``/``oa:end`` cut out its quote selector's ``oa:exact``, with
    ``oa:prefix``/``oa:suffix`` just around it."""
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    (target,) = graph.objects(annotation, oa.hasTarget)
    assert list(graph.objects(target, oa.hasSource)) == [rdflib.URIRef(doc)]
    selectors = {graph.value(s, rdflib.RDF.type): s for s in graph.objects(target, oa.hasSelector)}
    quote, position = selectors[oa.TextQuoteSelector], selectors[oa.TextPositionSelector]
    start = int(graph.value(position, oa.start).toPython())  # type: ignore[union-attr]
    end = int(graph.value(position, oa.end).toPython())  # type: ignore[union-attr]
    assert str(graph.value(quote, oa.exact)) == text[start:end]
    assert text[:start].endswith(str(graph.value(quote, oa.prefix)))
    assert text[end:].startswith(str(graph.value(quote, oa.suffix)))


@pytest.mark.parametrize("slug", SEED_DOCS)
def test_annotation_container_is_json_ld_whose_selectors_match(
    server: LiveServer, slug: str
) -> None:
    doc = f"{ID}doc/{slug}"
    text = _select(server, f"SELECT ?t WHERE {{ <{doc}> pkb:fullText ?t }}")[0]["t"]
    expected = _select(
        server,
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
        f"{{ ?x a pkb:Assertion ; pkb:quotedIn <{doc}> }} UNION "
        f"{{ ?x a pkb:Mention ; pkb:inDocument <{doc}> }} }}",
    )[0]["n"]
    url = f"{server.url}/provkb/annotations/{slug}/"
    headers, container = _get(url)
    assert headers["content-type"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert 'ldp#BasicContainer>; rel="type"' in headers["link"]
    assert container["total"] == int(expected)
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    graph = _as_rdf(container)
    assert (
        rdflib.URIRef(container["id"]),
        rdflib.RDF.type,
        rdflib.URIRef("http://www.w3.org/ns/ldp#BasicContainer"),
    ) in graph
    # Walk every page; each annotation's selectors must select its exact text.
    items: list[dict[str, object]] = []
    page_url: str | None = f"{url}?page=0"
    while page_url:
        _, page_value = _get(page_url)
        page_graph = _as_rdf(page_value)
        annotations = set(page_graph.subjects(rdflib.RDF.type, oa.Annotation))
        assert len(annotations) == len(page_value["items"])
        for annotation in annotations:
            _assert_selects_in_rdf(page_graph, annotation, doc, text)
        items += page_value["items"]
        following = page_value.get("next")
        page_url = (
            f"{server.url}{_path(str(following))}?{urlsplit(str(following)).query}"
            if following
            else None
        )
    assert len(items) == int(expected)
    for item in items:
        target = item["target"]
        quote, position = target["selector"]
        assert target["source"] == doc
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
    speakers = [i for i in items if i["motivation"] == "describing"]
    assert all(
        body["speaker"] and body["assertionKind"] for body in (s["body"][0] for s in speakers)
    )


def test_annotations_are_in_the_dumps(server: LiveServer) -> None:
    _, listing = _get(f"{server.url}/dumps/")
    names = {d["name"] for d in listing["dumps"]}  # type: ignore[index]
    assert {f"annotations/{slug}.jsonld" for slug in SEED_DOCS} <= names


def _status(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> int:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        assert error.headers["content-type"].startswith("application/json"), error.headers
        json.loads(error.read())
        return error.code


def test_client_mistakes_get_4xx_with_json(server: LiveServer) -> None:
    base = f"{server.url}/provkb/annotations"
    assert _status(f"{base}/no-such-doc/") == 404
    assert _status(f"{base}/alemdar-voa-interview/?page=x") == 400
    assert _status(f"{base}/alemdar-voa-interview/?page=99") == 404
    assert _status(f"{base}/alemdar-voa-interview/assertion/nope") == 404
    assert _status(f"{base}/..%2F..%2Fetc/") == 404
    assert _status(f"{server.url}/network?edge=nonsense") == 400
    assert _status(f"{server.url}/provkb/id/doc/no-such-doc.html") == 404
    assert _status(f"{server.url}/provkb/id/doc/alemdar-voa-interview/assertion/nope.html") == 404
    assert _status(f"{server.url}/provkb/id/doc/alemdar-voa-interview.html", method="HEAD") == 200


def test_a_repeated_edge_filter_is_read_once() -> None:
    # 5,900 copies of "edge=about" in one URL made the server read the same cut 5,900 times,
    # on its event loop: each kind is read once, whatever the client repeats.
    query = "&".join(["edge=about"] * 500 + ["edge=relay", "edge=about"]).encode()
    request = Request({"type": "http", "query_string": query, "headers": []})
    assert network_filters(request)["edges"] == ["about", "relay"]


def test_annotation_container_revalidates_with_its_etag(server: LiveServer) -> None:
    url = f"{server.url}/provkb/annotations/alemdar-voa-interview/?page=0"
    headers, _ = _get(url)
    request = urllib.request.Request(url, headers={"If-None-Match": headers["etag"]})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request)
    assert answer.value.code == 304
