"""The held-out bench of the drafter: its gold files fit their texts, and the bench runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bench import draft_heldout
from bench.draft_heldout import Scorer, fold_words, names_match
from bench.heldout_gold import HELDOUT, GoldError, documents, gold_path, load_gold
from provkb.annotations.registry import load_registry
from provkb.annotations.vocabulary import Vocabulary
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.model import Assertion, Draft, Mark, Metadata, NewEntity, Speaker
from provkb.problems import Problems

ROOT = Path(__file__).resolve().parents[1]
WIRE = HELDOUT / "fisheries-quota-protest.txt"
# Every held-out set: bench/heldout/, bench/heldout2/, … (each has a README.md).
SETS = sorted(readme.parent for readme in (ROOT / "bench").glob("heldout*/README.md"))
SET_DOCUMENTS = [document for folder in SETS for document in documents(folder)]
# How many documents a set has: eight, but the fifth set was written with six.
SET_SIZES = {"heldout5": 6}


def _label(document: Path) -> str:
    return f"{document.parent.name}/{document.name}"


def test_the_glob_finds_the_held_out_sets_and_their_documents():
    names = {folder.name for folder in SETS}
    assert {"heldout", "heldout2", "heldout3", "heldout4", "heldout5"} <= names
    assert len(SET_DOCUMENTS) == sum(SET_SIZES.get(folder.name, 8) for folder in SETS)


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_each_set_has_eight_documents_in_three_formats(folder):
    found = documents(folder)
    assert len(found) == SET_SIZES.get(folder.name, 8)
    assert {p.suffix for p in found} == {".txt", ".md", ".html"}


@pytest.mark.parametrize("document", SET_DOCUMENTS, ids=_label)
def test_every_gold_file_fits_its_text(document):
    gold = load_gold(document)  # raises GoldError naming the file and the item
    assert gold.assertions and gold.mentions
    assert {"direct", "reported"} >= {a.mode for a in gold.assertions}
    for assertion in gold.assertions:
        assert gold.source.text[assertion.start : assertion.end] == assertion.quote


def test_a_quote_or_a_form_not_in_the_text_is_named(tmp_path):
    document = Path(shutil.copy(WIRE, tmp_path))
    data = yaml.safe_load(gold_path(WIRE).read_text(encoding="utf-8"))
    data["assertions"][1]["quote"] = "Quotas for fish, not for people"
    data["mentions"][0]["surface"].append("Port Sorvik")
    gold_path(document).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GoldError) as error:
        load_gold(document)
    message = str(error.value)
    assert "fisheries-quota-protest.gold.yaml: assertions[2] ('Quotas for fish" in message
    assert "quote does not occur in the text" in message
    assert "mentions[1] (place/port-sorvik): surface form 'Port Sorvik'" in message


def test_a_quote_that_occurs_twice_must_say_which(tmp_path):
    document = Path(shutil.copy(HELDOUT / "university-strike-interview.txt", tmp_path))
    data = yaml.safe_load(gold_path(HELDOUT / document.name).read_text(encoding="utf-8"))
    del data["assertions"][0]["occurrence"]
    gold_path(document).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GoldError, match=r"assertions\[1\].*occurs 2 times; say which"):
        load_gold(document)


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_the_registry_loads_and_knows_about_half_of_the_entities(folder):
    problems = Problems()
    vocabulary = Vocabulary.load(ROOT / "ontology" / "vocabularies.ttl")
    registry = load_registry(folder / "registry", vocabulary, problems)
    assert not problems, problems.sorted()
    mentioned = {m.id for p in documents(folder) for m in load_gold(p).mentions}
    # A state in the registry needs its territory (kb/README.md), named in the text or not; a
    # territory the text names may bring its state.
    entries = [
        e
        for f in (folder / "registry").glob("*.yaml")
        for e in yaml.safe_load(f.read_text(encoding="utf-8"))
    ]
    states = {
        e["id"]: e["territory"] for e in entries if e.get("kind") == "state" and "territory" in e
    }
    territories = set(states.values())
    of_named_lands = {state for state, land in states.items() if land in mentioned}
    assert set(registry.entities) - territories - of_named_lands <= mentioned
    assert 0.3 <= len(registry.entities) / len(mentioned) <= 0.7


def test_names_are_folded_and_matched_as_whole_words():
    assert fold_words("Pål Rønning (protest organiser)") == ("pal", "ronning")
    assert names_match(["ASA LINDQVIST"], ["Åsa Lindqvist"])
    assert names_match(["Solbakken"], ["Ingrid Solbakken"])
    assert names_match(["hundreds of fishers"], ["fishers"])
    assert not names_match(["Solbak"], ["Ingrid Solbakken"])
    assert not names_match(["Mats Eklund"], ["Ingrid Solbakken"])


def _draft(assertions: list[Assertion], entities: list[NewEntity]) -> Draft:
    metadata = Metadata("Fishers blockade Port Sørvik over cut in cod quota", "", ["en"], "", "")
    return Draft(metadata, assertions=assertions, entities=entities)


def test_the_scorer_counts_found_quotes_speakers_and_flags():
    gold = load_gold(WIRE)
    chant, _, _, directorate = gold.assertions[:4]
    mark = Mark("test", 1.0)
    fishers = NewEntity("collective/fishers", "fishers", "en", None, "", mark)
    eklund = NewEntity("person/mats-eklund", "Mats Eklund", "en", None, "", mark)
    right = Speaker(fishers.ref, "test", guess=False)
    wrong = Speaker(eklund.ref, "test", guess=True)
    draft = _draft(
        [
            Assertion(chant.start, chant.end, "direct", "claim", right, mark),
            Assertion(directorate.start, directorate.end, "direct", "claim", wrong, mark),
        ],
        [fishers, eklund],
    )
    stats = Scorer(gold, draft, {}, Gazetteer.from_entities([])).score()
    assert (stats["quoted_found"], stats["quoted_total"]) == (2, 11)
    assert stats["quoted_speaker"] == 1  # "fishers" is held in "hundreds of fishers"
    assert (stats["wrong"], stats["wrong_flagged"]) == (1, 1)
    assert (stats["unflagged"], stats["unflagged_right"]) == (1, 1)
    assert (stats["hops_right"], stats["hops_total"]) == (0, 1)  # "told Nordic Press Agency"
    assert (stats["drafted_direct_right"], stats["drafted_direct"]) == (2, 2)
    assert (stats["metadata_right"], stats["metadata_total"]) == (1, 4)  # the title only


def test_the_bench_runs_on_one_document_and_writes_its_tables(tmp_path, capsys):
    out = tmp_path / "heldout.md"
    assert draft_heldout.main(["--only", "fisheries-quota-protest", "--out", str(out)]) == 0
    body = out.read_text(encoding="utf-8")
    assert body.count("| document | quoted found | quoted speaker |") == 2
    assert body.count("\n| fisheries-quota-protest.txt | ") == 2
    assert body.count("\n| **all** | ") == 2
    assert "## Empty registry" in body and "## Registry of about half" in body
    assert "municipal-budget-feature" not in body
    again = tmp_path / "again.md"
    draft_heldout.main(["--only", "fisheries-quota-protest.txt", "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()
    capsys.readouterr()


def test_an_unknown_document_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        draft_heldout.main(["--only", "no-such-document", "--out", str(tmp_path / "r.md")])
    assert exit_.value.code == 2
    assert "no held-out document named no-such-document" in capsys.readouterr().err
    assert not (tmp_path / "r.md").exists()


def test_the_bench_runs_on_another_set_and_names_it(tmp_path, capsys):
    out = tmp_path / "heldout2.md"
    folder = ROOT / "bench" / "heldout2"
    argv = ["--set", str(folder), "--only", "port-strike-wire", "--out", str(out)]
    assert draft_heldout.main(argv) == 0
    body = out.read_text(encoding="utf-8")
    assert body.startswith("# Drafter evaluation on held-out documents (bench/heldout2/)")
    assert "## Registry of about half the entities (bench/heldout2/registry/)" in body
    assert body.count("\n| port-strike-wire.txt | ") == 2
    assert draft_heldout.default_out(folder) == ROOT / "build" / "draft-heldout2.md"
    assert draft_heldout.default_out(HELDOUT) == ROOT / "build" / "draft-heldout.md"
    capsys.readouterr()


def test_a_set_folder_that_is_not_there_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        draft_heldout.main(["--set", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r.md")])
    assert exit_.value.code == 2
    assert "no held-out set folder" in capsys.readouterr().err
    assert not (tmp_path / "r.md").exists()


def test_a_gold_file_that_does_not_fit_is_named_without_a_traceback(tmp_path, capsys):
    document = Path(shutil.copy(WIRE, tmp_path))
    data = yaml.safe_load(gold_path(WIRE).read_text(encoding="utf-8"))
    data["assertions"][0]["quote"] = "words nobody wrote"
    gold_path(document).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "r.md"
    assert draft_heldout.main(["--set", str(tmp_path), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "fisheries-quota-protest.gold.yaml: assertions[1] ('words nobody wrote')" in error
    assert not out.exists()
