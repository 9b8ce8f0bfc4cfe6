"""Drafts in the reader, in real Chromium: a KB of the seeds plus an HTML article added with the
real ``provkb add`` and built, served on 127.0.0.1. Every drafted quote, statement, entity, search
hit and canned-query row says "draft — not reviewed" (with the rule that proposed it, read from
the KB's PROV-O marks), a curated seed document says nothing of the kind, the canned query leaves
the drafts out when asked, and axe-core finds no serious or critical violation on those pages.
Screenshots go to ``build/screenshots/drafts-*.png`` for a person to look at."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from playwright.sync_api import Page, sync_playwright
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from provkb.cli import main
from provkb.layout import BuildLayout, read_sums, sha256_file
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb_harness.browser import ARGS, CHROMIUM, loopback_page, require_chromium
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

SCREENSHOTS = ROOT / "build" / "screenshots"
SLUG = "lindholm-ferry-strike"
DOC = f"{DEFAULT_BASE}id/doc/{SLUG}"
SEED_DOC = f"{DEFAULT_BASE}id/doc/alemdar-voa-interview"
ALEMDAR = DEFAULT_BASE + "id/person/bulut-alemdar"
PKB = PREFIXES["pkb"]
AS = rdflib.Namespace("https://www.w3.org/ns/activitystreams#")
# A fictional news report written for these tests: direct quotes, a speaker only "she", reported
# speech, an agency, and a person the seed registry knows (Bulut Alemdar), in a web page with
# navigation, a script and a footer the drafter must drop.
ARTICLE = ROOT / "tests" / "data" / "drafts" / "ferry-strike.html"


def _path(iri: str) -> str:
    return urlsplit(iri).path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with the article added by ``provkb add`` and built; its build."""
    root = tmp_path_factory.mktemp("drafts") / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, root / name)
    assert main(["add", str(ARTICLE), "--slug", SLUG, "--root", str(root), "--quiet"]) == 0
    assert main(["build", "--root", str(root)]) == 0
    return root / "build"


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(
        BuildLayout(built).trig, tmp_path_factory.mktemp("store"), queries_dir=ROOT / "queries"
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="module")
def marks(built: Path) -> dict[str, dict[str, str]]:
    """The draft marks of the drafted document's assertions, as the compiled KB records them
    (PROV-O): assertion IRI -> rule, speaker, whether the speaker was guessed."""
    store = ox.Store()
    store.load(path=str(BuildLayout(built).trig), format=ox.RdfFormat.TRIG)
    rows = store.query(
        f"PREFIX pkb: <{PKB}> PREFIX prov: <{PREFIXES['prov']}> "
        f"SELECT ?a ?rule ?speaker ?guess WHERE {{ ?a pkb:quotedIn <{DOC}> ; pkb:draftRule ?rule ; "
        "prov:wasGeneratedBy ?activity . OPTIONAL { ?a pkb:speaker ?speaker } "
        "OPTIONAL { ?a pkb:draftSpeakerGuess ?guess } }",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = {
        row["a"].value: {
            "rule": row["rule"].value,
            "speaker": row["speaker"].value if row["speaker"] else "",
            "guess": row["guess"].value if row["guess"] else "false",
        }
        for row in rows
    }
    assert len(found) >= 4, found
    return found


@pytest.fixture()
def page(tmp_path: Path) -> Iterator[Page]:
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
    target = SCREENSHOTS / f"drafts-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000, name


def _no_serious_violation(page: Page) -> None:
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
    assert bad == [], f"{page.url}: {bad}"


def test_drafted_document_marks_every_drafted_quote(
    page: Page, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """The drafted document's page says how many of its items are drafts; each drafted quote's
    number carries the word "draft", and its tooltip and panel line name the rule that proposed
    it (as the KB records it) and say when the speaker was guessed."""
    page.goto(server.url + _path(DOC) + ".html")
    note = page.locator("#drafts-note").inner_text()
    assert f"Still drafts: {len(marks)} of its {len(marks)} quotes" in note
    assert "no person has checked" in note
    for iri, mark in marks.items():
        badge = page.locator(f'a.qbadge[href="{_path(iri)}"]')
        assert "draft" in badge.inner_text()
        title = badge.get_attribute("title") or ""
        assert f"rule “{mark['rule']}”" in title and "not reviewed" in title
        assert ("Speaker guessed" in title) == (mark["guess"] == "true"), title
    guessed = [iri for iri, m in marks.items() if m["guess"] == "true"]
    assert guessed, "the article has a quote whose speaker the drafter can only guess"
    items = page.locator(".quote-list li.is-draft")
    assert items.count() == len(marks)
    assert page.locator(".quote-list .draft-badge", has_text="speaker guessed").count() == len(
        guessed
    )
    # Opened, a quote of the panel says in words who proposed it and how sure it was.
    first = page.locator(".quote-list li.is-draft summary").first
    first.click()
    review = page.locator(".quote-list li.is-draft dd").first.inner_text()
    assert "draft — not reviewed: Proposed by the drafting program" in review
    assert "confidence" in review
    _shoot(page, "document")
    _no_serious_violation(page)


def test_curated_document_has_no_draft_mark(page: Page, server: LiveServer) -> None:
    """A seed document, curated by hand: no badge, no note, no drafted quote or link."""
    page.goto(server.url + _path(SEED_DOC) + ".html")
    assert page.locator("a.qbadge").count() > 10
    for selector in ("#drafts-note", ".qdraft", ".draft-badge", "mark.q.draft", ".draft-link"):
        assert page.locator(selector).count() == 0, selector
    assert "draft" not in page.locator(".quote-list").inner_text().lower()


def test_quote_page_of_a_draft_says_so(
    page: Page, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """A drafted quote's own page opens with the draft note: its rule, its confidence and, when
    the drafter guessed the speaker, that it did; a curated quote's page has none."""
    iri, mark = next((i, m) for i, m in sorted(marks.items()) if m["guess"] == "true")
    page.goto(server.url + _path(iri) + ".html")
    note = page.locator("#draft-note").inner_text()
    assert "This quote is a draft" in note and f"rule “{mark['rule']}”" in note
    assert "speaker guessed" in note and "check who said it" in note
    _shoot(page, "quote")
    _no_serious_violation(page)
    page.goto(server.url + _path(SEED_DOC) + ".html")
    curated = page.locator("a.qbadge").first.get_attribute("href")
    assert curated is not None and "/assertion/" in curated
    page.goto(server.url + curated)
    assert page.locator("h1").count() == 1
    assert page.locator("#draft-note").count() == 0


def test_entity_pages_mark_drafted_statements_and_entities(
    page: Page, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """Bulut Alemdar's page mixes his curated statements (unmarked) with the one the drafter
    attributed to him (marked); a person the drafter proposed says so at the top."""
    page.goto(server.url + _path(ALEMDAR) + ".html")
    said = page.locator("section:has(#said)")
    drafted = [i for i, m in marks.items() if m["speaker"] == ALEMDAR]
    assert len(drafted) == 1, marks
    # From the first page, the facts say how many of his statements are drafts.
    facts = page.locator("dl.facts").inner_text()
    assert "1 of them: draft — not reviewed" in facts
    while not said.locator(f'article.is-draft a[href="{_path(drafted[0])}"]').count():
        following = said.locator("a[rel=next]").first
        assert following.count(), "the drafted statement is on no page of his statements"
        following.click()
        page.wait_for_load_state()
    assert said.locator("article.is-draft .draft-badge").count() == 1
    assert said.locator("article:not(.is-draft)").count() > 0
    assert page.locator(".draft-legend").count() == 1
    badge = said.locator("article.is-draft summary.draft-badge")
    badge.click()
    assert f"rule “{marks[drafted[0]]['rule']}”" in said.locator(".draft-why").inner_text()
    _shoot(page, "entity-alemdar")
    _no_serious_violation(page)

    speaker = next(m["speaker"] for m in marks.values() if m["speaker"] not in ("", ALEMDAR))
    page.goto(server.url + _path(speaker) + ".html")
    assert "proposed this person" in page.locator(".draft-note").inner_text()
    statements = page.locator("section:has(#said) article")
    assert statements.count() > 0
    assert statements.count() == page.locator("section:has(#said) article.is-draft").count()
    _shoot(page, "entity-drafted")
    _no_serious_violation(page)
    # The generic page of the same IRI (its statements) says "draft" too.
    page.goto(server.url + _path(speaker) + ".html?view=statements")
    assert "draft — not reviewed" in page.locator("#draft-note").inner_text()
    _shoot(page, "resource")


def test_search_marks_drafted_quotes_and_entities(page: Page, server: LiveServer) -> None:
    """Search results mark a drafted quote and a drafted person, and nothing curated."""
    page.goto(server.url + "/search?q=timetable")
    quotes = page.locator("ol[aria-labelledby=quotes-title] li")
    assert quotes.count() >= 1
    assert quotes.count() == page.locator("ol[aria-labelledby=quotes-title] li.is-draft").count()
    assert page.locator(".draft-legend").count() == 1
    _shoot(page, "search")
    _no_serious_violation(page)
    page.goto(server.url + "/search?q=Ida+Berg")
    person = page.locator("ol[aria-labelledby=entities-title] li").first
    assert "draft — not reviewed" in person.inner_text()
    page.goto(server.url + "/search?q=Turkmen+Sahra")
    assert page.locator("ol[aria-labelledby=quotes-title] li").count() > 0
    assert page.locator(".draft-badge").count() == 0
    assert page.locator(".draft-legend").count() == 0


def test_canned_query_leaves_drafts_out_or_marks_them(
    page: Page, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """who-said-it's form offers the drafts in plain words; with them the drafted rows are
    marked and counted, without them only curated rows remain."""
    page.goto(server.url + "/queries/who-said-it")
    include = page.get_by_label("Include drafts", exact=False)
    leave_out = page.get_by_label("Leave drafts out", exact=False)
    assert include.is_checked() and not leave_out.is_checked()
    # "years" is in a drafted quote and in curated ones of every seed document.
    page.get_by_label("Words").fill("years")
    page.get_by_role("button", name="Show the answer").click()
    page.wait_for_load_state()
    rows = page.locator("section:has(#results-title) tbody tr")
    drafted_rows = page.locator("section:has(#results-title) tbody tr:has(.draft-badge)")
    drafted, total = drafted_rows.count(), rows.count()
    assert 0 < drafted < total
    assert (
        f"{drafted} of the {total} rows shown"
        in page.locator("section:has(#results-title)").inner_text()
    )
    links = drafted_rows.locator("a[href*='/assertion/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links and {link for link in links} <= {_path(i) for i in marks}
    _shoot(page, "query-with-drafts")
    _no_serious_violation(page)

    page.get_by_label("Leave drafts out", exact=False).check()
    page.get_by_role("button", name="Show the answer").click()
    page.wait_for_load_state()
    assert "include_drafts=false" in page.url
    assert page.get_by_label("Leave drafts out", exact=False).is_checked()
    kept = page.locator("section:has(#results-title) tbody tr").count()
    assert kept == total - drafted
    assert page.locator("section:has(#results-title) .draft-badge").count() == 0
    assert "Drafts left out" in page.locator("section:has(#results-title)").inner_text()
    assert SLUG not in page.locator("section:has(#results-title) table").inner_html()
    _shoot(page, "query-without-drafts")


def test_lists_mark_drafted_documents_and_entities(
    page: Page, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """The documents list (and the home page's) says how many drafts the drafted document holds
    and nothing of the seeds; the people list marks a person the drafter proposed."""
    page.goto(server.url + "/documents")
    drafted = page.locator(f'tr:has(a[href="{_path(DOC)}"]) .draft-count')
    assert "draft — not reviewed" in drafted.inner_text()
    assert page.locator(".draft-count").count() == 1
    assert page.locator(f'tr:has(a[href="{_path(SEED_DOC)}"]) .draft-badge').count() == 0
    _shoot(page, "documents")
    _no_serious_violation(page)
    # Every statement, by document: the drafted document's statements marked, with the legend.
    page.goto(server.url + "/assertions?sort=document")
    drafted = page.locator(f'article.is-draft:has(a[href^="{_path(DOC)}/assertion/"])')
    while not drafted.count():
        assert page.locator("article.is-draft").count() == 0
        assert page.locator(".draft-legend").count() == 0
        following = page.locator("a[rel=next]").first
        assert following.count(), "the drafted statements are on no page of the statements"
        following.click()
        page.wait_for_load_state()
    assert drafted.count() == page.locator("article.is-draft").count() > 0
    assert page.locator(".draft-legend").count() == 1
    page.goto(server.url + "/")
    assert page.locator(".draft-count").count() == 1
    assert page.locator(f'tr:has(a[href="{_path(DOC)}"]) .draft-count').count() == 1
    page.goto(server.url + "/people?sort=name&page=1")
    while not page.locator('tr:has(a[href$="/person/ida-berg"])').count():
        following = page.locator("a[rel=next]").first
        assert following.count(), "Ida Berg is on no page of the people list"
        following.click()
        page.wait_for_load_state()
    row = page.locator('tr:has(a[href$="/person/ida-berg"])')
    assert "draft — not reviewed" in row.inner_text()
    assert page.locator('tr:has(a[href$="/person/bulut-alemdar"]) .draft-badge').count() == 0


def test_canned_query_marks_drafted_mentions(page: Page, server: LiveServer) -> None:
    """entity-mentions lists every mention of Bulut Alemdar: the drafted document's (found by
    the drafter in its registry) marked, the curated interview's not."""
    page.goto(server.url + "/queries/entity-mentions?" + urlencode({"entity": ALEMDAR}))
    rows = page.locator("section:has(#results-title) tbody tr")
    drafted = page.locator("section:has(#results-title) tbody tr:has(.draft-badge)")
    assert drafted.count() >= 1 and rows.count() > drafted.count()
    assert all(SLUG in html for html in drafted.evaluate_all("rs => rs.map(r => r.innerHTML)"))
    assert not any(
        SLUG in html
        for html in page.locator(
            "section:has(#results-title) tbody tr:not(:has(.draft-badge))"
        ).evaluate_all("rs => rs.map(r => r.innerHTML)")
    )


def test_badges_open_without_javascript(
    tmp_path: Path, server: LiveServer, marks: dict[str, dict[str, str]]
) -> None:
    """With JavaScript off, a statement's badge still opens to its rule (a native
    ``<details>``), and the document's quote numbers still say "draft"."""
    require_chromium()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
            java_script_enabled=False,
        )
        with loopback_page(context) as page:
            page.goto(server.url + "/search?q=timetable")
            why = page.locator("li.is-draft .draft-why").first
            assert not why.is_visible()
            page.locator("li.is-draft summary.draft-badge").first.click()
            assert why.is_visible() and "rule “" in why.inner_text()
            page.goto(server.url + _path(DOC) + ".html")
            assert page.locator(".qbadge .qdraft").count() == len(marks)


def test_a_build_from_before_draft_marks_is_refused_not_shown_as_reviewed(
    built: Path, tmp_path: Path
) -> None:
    """A reader index or reading file written before drafts were recorded would show the drafts
    as reviewed: the pages answer 503 asking for a rebuild instead."""
    old = tmp_path / "build"
    shutil.copytree(built, old)
    layout = BuildLayout(old)
    with sqlite3.connect(layout.reader_index) as db:
        db.execute("DROP TABLE draft")
    page_file = layout.reading / "page" / f"{SLUG}.json"
    data = json.loads(page_file.read_text(encoding="utf-8"))
    del data["draft_quotes"]
    page_file.write_text(json.dumps(data), encoding="utf-8")
    # A network file whose names carry no draft mark would draw a drafted name as reviewed.
    network_file = layout.reading / "network" / "doc" / f"{SLUG}.json"
    network = json.loads(network_file.read_text(encoding="utf-8"))
    for node in network["nodes"]:
        del node["draft"]
    network_file.write_text(json.dumps(network), encoding="utf-8")
    settings = settings_for(layout.trig, tmp_path / "store", queries_dir=ROOT / "queries")
    with LiveServer(settings) as live:
        for path in (
            "/documents",
            "/search?q=timetable",
            _path(DOC) + ".html",
            f"/network?doc={SLUG}",
            f"/network.json?doc={SLUG}",
        ):
            answer = httpx.get(live.url + path, headers={"Accept": "text/html"}, timeout=60)
            assert answer.status_code == 503, path
            assert answer.json()["error"].startswith("stale-"), path
            assert "run `provkb build`" in answer.json()["message"], path


def test_entity_suggestions_say_draft(page: Page, server: LiveServer) -> None:
    """The query form's entity field suggests a drafted person as a draft."""
    page.goto(server.url + "/queries/actor-assertions")
    page.get_by_label("Actor").fill("Ida Berg")
    page.locator("#list-actor option").first.wait_for(state="attached", timeout=10_000)
    labels = page.eval_on_selector_all("#list-actor option", "os => os.map(o => o.label)")
    assert any(
        label.startswith("Ida Berg (") and "draft — not reviewed" in label for label in labels
    )
    page.get_by_label("Actor").fill("Bulut Alemdar")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#list-actor option')]"
        ".some(o => o.label.startsWith('Bulut Alemdar'))"
    )
    labels = page.eval_on_selector_all("#list-actor option", "os => os.map(o => o.label)")
    assert not any("draft" in label for label in labels if label.startswith("Bulut Alemdar"))


def test_network_and_timeline_mark_drafts(page: Page, server: LiveServer) -> None:
    """The drafted document's links in the network count their drafted quotes, its drafted
    event is marked on the timeline; a curated document's are not."""
    page.goto(server.url + f"/network?doc={SLUG}")
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    assert rows.count() == page.locator("table tbody tr:has(.draft-count)").count()
    assert page.locator(".draft-legend").count() == 1
    _no_serious_violation(page)
    page.goto(server.url + f"/timeline?doc={SLUG}")
    events = page.locator("table tbody tr")
    assert events.count() > 0
    assert events.count() == page.locator("table tbody tr:has(.draft-count)").count()
    assert "draft — not reviewed" in events.first.inner_text()
    _shoot(page, "timeline")
    _no_serious_violation(page)
    for path in (
        "/network?doc=alemdar-voa-interview",
        "/timeline?doc=haciyeva-2025-karabakh-article",
    ):
        page.goto(server.url + path)
        assert page.locator("table tbody tr").count() > 0, path
        assert page.locator(".draft-badge").count() == 0, path


def _drawn(page: Page, selector: str) -> dict[str, str]:
    """The network drawing's elements that match a Cytoscape selector: id -> its hover text."""
    found = page.evaluate(
        "(s) => Object.fromEntries(document.getElementById('network-graph').cy.$(s)"
        ".map((x) => [x.id(), x.data('title')]))",
        selector,
    )
    assert isinstance(found, dict)
    return found


def test_network_drawing_marks_drafted_names_and_links(page: Page, server: LiveServer) -> None:
    """In the drawing, a name the drafter proposed and a link that rests only on drafted quotes
    are dashed amber and say "draft — not reviewed" on hover; a curated name is not, and a
    curated document's drawing has no draft at all."""
    cut = httpx.get(f"{server.url}/network.json", params={"doc": SLUG}).json()
    nodes = {n["id"] for n in cut["nodes"] if n["draft"]}
    edges = {e["id"] for e in cut["edges"] if e["drafts"] == e["weight"]}
    assert nodes and edges, cut
    page.goto(server.url + f"/network?doc={SLUG}")
    page.wait_for_selector("#network-graph[data-ready]")
    drafted_nodes, drafted_edges = _drawn(page, "node.draft"), _drawn(page, "edge.draft")
    assert set(drafted_nodes) == nodes
    assert set(drafted_edges) == edges
    assert all(t.endswith("— draft — not reviewed") for t in [*drafted_nodes.values()])
    assert all(t.endswith("— draft — not reviewed") for t in [*drafted_edges.values()])
    curated = _drawn(page, f"node[id = '{ALEMDAR}']")
    assert curated == {ALEMDAR: "Bulut Alemdar"}
    node, edge = sorted(nodes)[0], sorted(edges)[0]
    styles = page.evaluate(
        "([n, e]) => { const cy = document.getElementById('network-graph').cy;"
        " return [cy.$id(n).style('border-style'), cy.$id(e).style('line-style'),"
        " cy.$id(n).style('border-color'), cy.$id(e).style('line-color')]; }",
        [node, edge],
    )
    assert styles[:2] == ["dashed", "dashed"]
    assert styles[2] == styles[3] == "rgb(217,140,0)"
    # The line under the drawing says what the pointer is on.
    page.evaluate(
        "(n) => document.getElementById('network-graph').cy.$id(n).emit('mouseover')", node
    )
    assert page.inner_text("#network-info").endswith("— draft — not reviewed")
    page.evaluate(
        "(n) => document.getElementById('network-graph').cy.$id(n).emit('mouseout')", node
    )
    assert page.inner_text("#network-info") == page.get_attribute("#network-info", "data-idle")
    assert "dashed amber" in page.inner_text(".edge-legend .draft-key")
    page.wait_for_timeout(500)
    _shoot(page, "network-drawing")
    _no_serious_violation(page)
    page.goto(server.url + "/network?doc=alemdar-voa-interview")
    page.wait_for_selector("#network-graph[data-ready]")
    assert _drawn(page, "node") and not _drawn(page, ".draft")
    assert page.locator(".draft-key").count() == 0


def test_timeline_drawing_marks_drafted_events(page: Page, server: LiveServer) -> None:
    """A drafted event's bar is dashed amber (class ``draft``) and its title says "draft — not
    reviewed"; a curated document's bars are not."""
    events = httpx.get(f"{server.url}/timeline.json", params={"doc": SLUG}).json()["events"]
    drawn = [e for e in events if e["from"] and e["to"]]
    drafted = [e for e in drawn if e["draft"]]
    assert drafted, events
    page.goto(server.url + f"/timeline?doc={SLUG}")
    page.wait_for_selector("#timeline[data-ready]")
    bars = page.locator("#timeline .vis-item.draft")
    bars.first.wait_for(state="visible")
    assert bars.count() == len(drafted)
    assert page.locator("#timeline .vis-item:not(.draft)").count() == len(drawn) - len(drafted)
    border = bars.first.evaluate(
        "(b) => getComputedStyle(b).borderTopStyle + ' ' + getComputedStyle(b).borderTopColor"
    )
    assert border == "dashed rgb(217, 140, 0)"
    bars.first.hover()
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().endswith("— draft — not reviewed")
    assert "dashed amber" in page.inner_text(".edge-legend .draft-key")
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    _shoot(page, "timeline-drawing")
    page.goto(server.url + "/timeline?doc=haciyeva-2025-karabakh-article")
    page.wait_for_selector("#timeline[data-ready]")
    page.locator("#timeline .vis-item").first.wait_for(state="visible")
    assert page.locator("#timeline .vis-item.draft").count() == 0
    assert page.locator(".draft-key").count() == 0


def test_web_annotations_of_drafts_name_the_drafting_program(
    built: Path, server: LiveServer
) -> None:
    """The published annotation collection of the drafted document: every annotation of a
    drafted assertion or mention has the drafting program as its ``creator`` (``Software``,
    name and version from the KB's PROV-O marks) and the drafter's rule and confidence, in
    RDF as in the KB; the curated seed's have none. The dump is listed with its right SHA-256
    and the server's paged container says the same."""
    layout = BuildLayout(built)
    dump = layout.annotations / f"{SLUG}.jsonld"
    assert read_sums(layout.sums)[f"annotations/{SLUG}.jsonld"] == sha256_file(dump)
    collection = json.loads(dump.read_text(encoding="utf-8"))
    items = collection["first"]["items"]
    drafted = [i for i in items if "creator" in i]
    assert {i["motivation"] for i in drafted} == {"describing", "identifying"}
    store = ox.Store()
    store.load(path=str(layout.trig), format=ox.RdfFormat.TRIG)
    label = next(
        iter(
            store.query(
                f"PREFIX pkb: <{PKB}> PREFIX rdfs: <{PREFIXES['rdfs']}> SELECT ?l WHERE "
                "{ ?x a pkb:DraftingActivity ; rdfs:label ?l }",
                use_default_graph_as_union=True,
            )
        )
    )["l"].value
    name, version = label.removeprefix("drafting by ").split("/")
    assert {json.dumps(i["creator"], sort_keys=True) for i in drafted} == {
        json.dumps({"type": "Software", "name": name, "softwareVersion": version}, sort_keys=True)
    }
    for item in drafted:
        assert item["draftRule"] and float(item["draftConfidence"]) > 0
    # As RDF: dcterms:creator an as:Application with foaf:name, the rule as pkb:draftRule.
    subset = json.loads(
        (ROOT / "src/provkb/server/static/provkb-anno-context.jsonld").read_text(encoding="utf-8")
    )
    context = [subset["@context"], *collection["@context"][1:]]
    graph = rdflib.Graph().parse(
        data=json.dumps({**collection, "@context": context}), format="json-ld"
    )
    creators = set(graph.objects(None, DCTERMS.creator))
    assert len(creators) == len(drafted)
    for creator in creators:
        assert (creator, RDF.type, AS.Application) in graph
        assert graph.value(creator, FOAF.name) == rdflib.Literal(name)
    assert len(set(graph.subjects(rdflib.URIRef(PKB + "draftRule"), None))) == len(drafted)
    confidences = set(graph.objects(None, rdflib.URIRef(PKB + "draftConfidence")))
    assert {c.datatype for c in confidences} == {XSD.decimal}  # type: ignore[attr-defined]
    # Every drafted assertion of the KB is a drafted annotation, and only those.
    drafted_bodies = {i["body"][0]["id"] for i in drafted if i["motivation"] == "describing"}
    assert drafted_bodies == set(_marks_of(store))
    seed = json.loads((layout.annotations / "alemdar-voa-interview.jsonld").read_text())
    assert not any("creator" in i or "draftRule" in i for i in seed["first"]["items"])
    served = httpx.get(f"{server.url}/provkb/annotations/{SLUG}/", params={"page": "0"}).json()
    by_id = {i["id"]: i for i in items}
    assert any("creator" in i for i in served["items"])
    assert all(i == by_id[i["id"]] for i in served["items"])


def _marks_of(store: ox.Store) -> list[str]:
    rows = store.query(
        f"PREFIX pkb: <{PKB}> SELECT ?a WHERE {{ ?a pkb:quotedIn <{DOC}> ; pkb:draftRule ?r }}",
        use_default_graph_as_union=True,
    )
    assert isinstance(rows, ox.QuerySolutions)
    return [row["a"].value for row in rows]
