"""The build records the drafter's marks for the reader: the reader index's ``draft`` table and
the reading files hold exactly the items the compiled KB marks as drafts (PROV-O), with their
rule and confidence; curated documents hold none; accepting an item (deleting its ``draft:``
mark) and rebuilding removes its mark and leaves the others."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from provkb.build.draft_marks import explain, read_marks
from provkb.cli import main
from provkb.layout import BuildLayout
from tests.conftest import ROOT

ARTICLE = ROOT / "tests" / "data" / "drafts" / "ferry-strike.html"
SLUG = "lindholm-ferry-strike"


def _build(root: Path) -> BuildLayout:
    assert main(["build", "--root", str(root)]) == 0
    return BuildLayout(root / "build")


def _index_drafts(built: BuildLayout) -> dict[str, tuple]:
    with sqlite3.connect(built.reader_index) as db:
        return {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT iri, document, rule, confidence, speaker_rule, speaker_guess FROM draft"
            )
        }


def _reading_file(built: BuildLayout, slug: str) -> dict:
    return json.loads((built.reading / "doc" / f"{slug}.json").read_text(encoding="utf-8"))


def _page_file(built: BuildLayout, slug: str) -> dict:
    return json.loads((built.reading / "page" / f"{slug}.json").read_text(encoding="utf-8"))


# Two builds of the seed KB and a draft: a few seconds each.
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_build_records_draft_marks_and_drops_accepted_ones(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(ROOT / name, root / name)
    assert main(["add", str(ARTICLE), "--slug", SLUG, "--root", str(root), "--quiet"]) == 0
    built = _build(root)
    store = ox.Store()
    store.load(path=str(built.trig), format=ox.RdfFormat.TRIG)
    marks = read_marks(store)
    doc = next(m.document for m in marks.values() if m.document)
    assert doc is not None and doc.endswith(f"/doc/{SLUG}")
    # Assertions, mentions and proposed entities are all marked; nothing of the seeds is.
    assert any("/assertion/" in iri for iri in marks)
    assert any("/mention/" in iri for iri in marks)
    assert any(m.document is None and "/person/" in iri for iri, m in marks.items())
    assert all(m.document in (None, doc) for m in marks.values())

    index = _index_drafts(built)
    assert index == {
        iri: (m.document, m.rule, m.confidence, m.speaker_rule, int(m.speaker_guess))
        for iri, m in marks.items()
    }
    reading = _reading_file(built, SLUG)
    assertions = {a["iri"]: a for a in reading["assertions"]}
    assert assertions and all(a["draft"] == marks[iri].as_json() for iri, a in assertions.items())
    assert all(m["draft"] is not None for m in reading["mentions"])
    page = _page_file(built, SLUG)
    assert page["draft_quotes"] == len(assertions) and page["draft_mentions"] > 0
    seed = _page_file(built, "alemdar-voa-interview")
    assert seed["draft_quotes"] == seed["draft_mentions"] == 0
    assert all(
        a["draft"] is None for a in _reading_file(built, "alemdar-voa-interview")["assertions"]
    )

    # A person accepts the first assertion: its draft: mark deleted, the KB rebuilt.
    annotation = root / "kb" / "documents" / f"{SLUG}.yaml"
    data = yaml.safe_load(annotation.read_text(encoding="utf-8"))
    accepted = data["assertions"][0]
    del accepted["draft"]
    annotation.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rebuilt = _build(root)
    after = _index_drafts(rebuilt)
    gone = [iri for iri in index if iri not in after]
    assert len(gone) == 1 and gone[0].endswith(f"/assertion/{accepted['id']}")
    assert {k: v for k, v in index.items() if k not in gone} == after
    reading = _reading_file(rebuilt, SLUG)
    assert [a["iri"] for a in reading["assertions"] if a["draft"] is None] == gone
    assert _page_file(rebuilt, SLUG)["draft_quotes"] == len(assertions) - 1


def test_explanation_names_the_rule_and_a_guessed_speaker() -> None:
    mark = {
        "rule": "direct-quote",
        "confidence": "0.85",
        "drafter": "drafting by provkb-rules/0.1.0",
        "speaker_rule": "previous-speaker",
        "speaker_guess": True,
    }
    said = explain(mark)
    assert "(provkb-rules/0.1.0)" in said and "rule “direct-quote”" in said
    assert "confidence 0.85 of 1" in said and "Speaker guessed (rule “previous-speaker”)" in said
    found = explain({**mark, "speaker_guess": False})
    assert "guessed" not in found and "Speaker found by rule “previous-speaker”" in found
    entity = explain({"rule": "new-entity", "confidence": "0.6", "drafter": ""})
    assert entity == "Proposed by the drafting program: rule “new-entity”, confidence 0.6 of 1."


def test_marks_are_read_once_per_item_however_many_documents_declare_the_activity() -> None:
    """Each drafted document's graph declares the drafting activity again: the marks' query
    reads it once, so its rows (and the build's time) grow with the items, not with the square
    of the documents."""
    from provkb.build.draft_marks import _PROLOGUE, _QUERY

    pkb = "https://w3id.org/provkb/ontology#"
    prov = "http://www.w3.org/ns/prov#"
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    activity = ox.NamedNode("https://w3id.org/provkb/id/activity/draft/rules-1")
    store = ox.Store()
    for n in range(30):
        graph = ox.NamedNode(f"https://w3id.org/provkb/graph/doc/d{n}")
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        store.add(ox.Quad(activity, rdf_type, ox.NamedNode(pkb + "DraftingActivity"), graph))
        store.add(ox.Quad(activity, ox.NamedNode(rdfs + "label"), ox.Literal("drafting"), graph))
        item = ox.NamedNode(f"https://w3id.org/provkb/id/assertion/d{n}/a")
        for predicate, value in (
            (prov + "wasGeneratedBy", activity),
            (pkb + "draftRule", ox.Literal("rule")),
            (pkb + "draftConfidence", ox.Literal("0.5")),
        ):
            store.add(ox.Quad(item, ox.NamedNode(predicate), value, graph))
    rows = list(store.query(_PROLOGUE + _QUERY, use_default_graph_as_union=True))
    assert len(rows) == 30
    assert len(read_marks(store)) == 30
