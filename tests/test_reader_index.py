"""The reader's index (build/reader/index.sqlite) and the pages that read it, over HTTP: folding,
determinism, counts checked against the store, browse lists sorted and paged, the canned-query
pages and their downloads, and clear 4xx answers for a client's mistakes."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest

from provkb.build.reader_index import fold, write_index
from provkb.layout import BuildLayout
from provkb.namespaces import DEFAULT_BASE, PREFIXES
from provkb_harness.live_server import LiveServer, settings_for
from tests.conftest import ROOT

PKB = PREFIXES["pkb"]
ALEMDAR = DEFAULT_BASE + "id/person/bulut-alemdar"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(seed_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = settings_for(
        BuildLayout(seed_build).trig,
        tmp_path_factory.mktemp("reader-index"),
        queries_dir=ROOT / "queries",
        reader_page_size=10,
    )
    with LiveServer(settings) as live:
        yield live


@pytest.fixture()
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def reference(seed_build: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG)
    return store


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hacıyeva", "haciyeva"),
        ("HACIYEVA", "haciyeva"),
        ("Açıkyıldız", "acikyildiz"),
        ("AZƏRTAC", "azertac"),
        ("Türkmen Sahra", "turkmen sahra"),
        ("İran", "iran"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_index_is_deterministic(seed_build: Path, tmp_path: Path) -> None:
    """The same quads give a byte-identical index."""
    quads = list(ox.parse(path=str(BuildLayout(seed_build).trig), format=ox.RdfFormat.TRIG))
    first = write_index(quads, tmp_path / "a" / "index.sqlite").read_bytes()
    second = write_index(reversed(quads), tmp_path / "b" / "index.sqlite").read_bytes()
    assert first == second == BuildLayout(seed_build).reader_index.read_bytes()


def test_counts_match_the_store(seed_build: Path, reference: ox.Store) -> None:
    """The home page's counts (from the build) are those of the store."""
    db = sqlite3.connect(BuildLayout(seed_build).reader_index)
    counts = dict(db.execute("SELECT key, value FROM meta").fetchall())
    for kind, cls in (
        ("assertion", "Assertion"),
        ("person", "Person"),
        ("organisation", "Organisation"),
        ("place", "Place"),
        ("event", "Event"),
        ("document", "Document"),
    ):
        expected = {
            q.subject
            for q in reference.quads_for_pattern(
                None, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PKB + cls)
            )
        }
        assert int(counts[f"count.{kind}"]) == len(expected) > 0, kind


def test_home_shows_counts_and_links_to_lists(client: httpx.Client) -> None:
    page = client.get("/").text
    for path in ("/documents", "/assertions", "/people", "/organisations", "/places", "/events"):
        assert f'href="{path}"' in page, path
    assert 'href="/provkb/id/person/bulut-alemdar"' in page


def test_lists_sort_and_page(client: httpx.Client, seed_build: Path) -> None:
    """A list sorted by a count is in that order; its pages together hold every row once."""
    db = sqlite3.connect(BuildLayout(seed_build).reader_index)
    people = [r[0] for r in db.execute("SELECT iri FROM entity WHERE kind = 'person'")]
    seen: list[str] = []
    counts: list[int] = []
    for number in range(1, -(-len(people) // 10) + 1):
        page = client.get("/people", params={"sort": "said", "order": "desc", "page": number})
        assert page.status_code == 200
        rows = page.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
        assert rows, number
        for row in rows:
            seen.append(row.split('href="', 1)[1].split('"', 1)[0])
            counts.append(int(row.split('<td class="num">', 2)[1].split("<", 1)[0]))
    assert sorted(seen) == sorted("/provkb/id/" + p.split("/id/", 1)[1] for p in people)
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/people", {"sort": "nonsense"}),
        ("/people", {"order": "sideways"}),
        ("/people", {"page": "0"}),
        ("/assertions", {"page": "two"}),
        ("/assertions", {"sort": "loudness"}),
        ("/search", {"q": "x" * 201}),
        ("/queries/actor-assertions", {"actor": ALEMDAR, "format": "pdf"}),
    ],
)
def test_client_mistakes_are_4xx_with_json(client: httpx.Client, path: str, params: dict) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_query_page_for_browsers_results_for_machines(client: httpx.Client) -> None:
    """The same URL: a form for a browser, SPARQL results for a machine (also with no Accept)."""
    form = client.get("/queries/actor-assertions", headers={"Accept": BROWSER})
    assert form.status_code == 200 and 'name="actor"' in form.text
    assert "Answer" not in form.text
    bare = client.get("/queries/actor-assertions")
    assert bare.status_code == 400 and bare.json()["error"] == "bad-parameter"
    url = f"/queries/actor-assertions?actor={quote(ALEMDAR, safe='')}"
    machine = client.get(url, headers={"Accept": "application/sparql-results+json"})
    assert machine.headers["content-type"].startswith("application/sparql-results+json")
    rows = machine.json()["results"]["bindings"]
    page = client.get(url, headers={"Accept": BROWSER})
    assert page.text.count('<q class="quote">') == len(rows) > 0
    assert "speech speech--" in page.text
    downloaded = client.get(url + "&format=csv")
    assert downloaded.headers["content-disposition"].endswith('actor-assertions.csv"')
    table = list(csv.DictReader(io.StringIO(downloaded.text)))
    assert len(table) == len(rows)


def test_query_page_names_an_unknown_entity(client: httpx.Client) -> None:
    """A name that matches nothing is a 400 page that says so, with the form to try again."""
    page = client.get(
        "/queries/actor-assertions", params={"actor": "Nobody Atall"}, headers={"Accept": BROWSER}
    )
    assert page.status_code == 400
    assert "nothing in the KB is named “Nobody Atall”" in page.text
    assert 'name="actor"' in page.text


def test_entity_pages_are_paged(client: httpx.Client, seed_build: Path) -> None:
    """The quotes of a much-quoted speaker go over pages of the configured size."""
    db = sqlite3.connect(BuildLayout(seed_build).reader_index)
    said = db.execute("SELECT COUNT(*) FROM assertion WHERE speaker = ?", (ALEMDAR,)).fetchone()[0]
    assert said > 10
    here = "/provkb/id/person/bulut-alemdar.html"
    seen = 0
    for number in range(1, -(-said // 10) + 1):
        page = client.get(here, params={"page": number}).text
        seen += page.split('id="said"', 1)[1].split("</section>", 1)[0].count("<blockquote")
    assert seen == said
    assert client.get(here, params={"page": said}).status_code == 404


def test_public_url_gives_permalinks_and_links_stay_relative(
    seed_build: Path, tmp_path: Path
) -> None:
    """Published at a public URL, a page offers its permalink there; every other link is still
    a path of this site."""
    settings = settings_for(
        BuildLayout(seed_build).trig, tmp_path, public_url="https://kb.example.org/"
    )
    with LiveServer(settings) as other, httpx.Client(base_url=other.url, timeout=30) as http:
        page = http.get("/provkb/id/person/bulut-alemdar.html").text
    permalink = "https://kb.example.org/provkb/id/person/bulut-alemdar"
    assert f'<a href="{permalink}">' in page
    hrefs = [h.split('"', 1)[0] for h in page.split('href="')[1:]]
    assert [h for h in hrefs if not h.startswith(("/", "#", "?"))] == [permalink]


def test_statements_sort_by_speaker(client: httpx.Client, seed_build: Path) -> None:
    """``/assertions?sort=speaker`` lists the statements in the order of their speakers' names
    (folded), over every page."""
    db = sqlite3.connect(BuildLayout(seed_build).reader_index)
    total = db.execute("SELECT COUNT(*) FROM assertion").fetchone()[0]
    expected = [
        r[0]
        for r in db.execute(
            "SELECT iri FROM assertion ORDER BY speaker_sort, sort_when, document, start, iri"
        )
    ]
    seen: list[str] = []
    for number in range(1, -(-total // 10) + 1):
        page = client.get("/assertions", params={"sort": "speaker", "page": number}).text
        seen += [
            "https://w3id.org" + h.split('"', 1)[0]
            for h in page.split('">this statement in detail')[0:-1]
            for h in [h.rsplit('href="', 1)[1]]
        ]
    assert seen == expected
    names = [r[0] for r in db.execute("SELECT speaker_sort FROM assertion")]
    assert sorted(names)[0] <= sorted(names)[-1] and len(set(names)) > 5
