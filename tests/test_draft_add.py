"""``provkb add`` end to end on a document of our own, in each input format, in a copy of the
project: added, built, validated, queried; bad inputs refused with nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from provkb.cli import main
from provkb.layout import BuildLayout

CHECKOUT = Path(__file__).resolve().parents[1]
# A fictional report: direct quotes, reported speech, a relay through an agency and an outlet.
REPORT = "\n\n".join(
    (
        "Lakeside Courier",
        "Fishermen block the harbour of Norvik over new quotas",
        "By Marta Sund",
        "4 June 2025",
        "Fishermen in Norvik blocked the harbour entrance on Tuesday, demanding that the new"
        " quotas be withdrawn.",
        '"We cannot feed our families with half a catch," said Per Olsen, chairman of the Norvik'
        ' Fishermen Association (NFA). "The ministry never asked us before cutting the quotas."',
        "The fisheries ministry denied that the quotas had been set without consultation."
        " According to the Nordic Press Agency, minister Liv Dahl said the figures came from the"
        " scientists.",
        "Olsen told the Lakeside Courier that the association would hold a protest in front of"
        " parliament on 12 June 2025.\n",
    )
)


def as_html(text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[2:])
    return (
        "<!doctype html><html><head><title>Fishermen block the harbour of Norvik</title>"
        "<script>var ads = 1;</script></head><body><nav>Home | Sports | Weather</nav>"
        f"<article><h1>Fishermen block the harbour of Norvik</h1>{paragraphs}</article>"
        "<footer>Subscribe to our newsletter</footer></body></html>"
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("kb", "ontology", "shapes", "queries"):
        shutil.copytree(CHECKOUT / name, root / name)
    return root


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "kb").rglob("*"))
        if p.is_file()
    }


@pytest.mark.timeout(600)
@pytest.mark.parametrize("suffix", ["txt", "md", "html"])
def test_add_build_validate_query(project: Path, tmp_path: Path, suffix: str, capsys) -> None:
    source = tmp_path / f"norvik-harbour.{suffix}"
    source.write_text(as_html(REPORT) if suffix == "html" else REPORT, encoding="utf-8")
    curated_before = files_of(project)
    assert main(["add", str(source), "--root", str(project), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "drafted 1 document(s)" in out and "next steps" in out
    yaml_text = (project / "kb/documents/norvik-harbour.yaml").read_text(encoding="utf-8")
    assert "draft:" in yaml_text and "person/per-olsen" in yaml_text
    if suffix == "html":
        assert "Subscribe" not in (project / "kb/documents/norvik-harbour.txt").read_text()
    # The curated files are as they were.
    after = files_of(project)
    assert {k: v for k, v in after.items() if k in curated_before} == curated_before
    assert main(["build", "--root", str(project)]) == 0
    assert main(["validate", "--root", str(project)]) == 0
    capsys.readouterr()
    query = ["query", "who-said-it", "--param", "words=half a catch", "--format", "json"]
    code = main([*query, "--root", str(project)])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    text = json.dumps(rows)
    assert "per-olsen" in text and "half a catch" in text
    # A second add of the same text is refused, naming the document that has it.
    again = tmp_path / f"copy.{suffix}"
    again.write_bytes(source.read_bytes())
    before = files_of(project)
    assert main(["add", str(again), "--root", str(project), "--quiet"]) == 1
    assert "norvik-harbour" in capsys.readouterr().err
    assert files_of(project) == before


# Every byte from 0x80 to 0xFF, over and over: no text encoding charset-normalizer knows.
GARBLED = bytes(range(0x80, 0x100)) * 20


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"  \n", "is empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00\x00data", "binary"),
        ("garbled.txt", GARBLED, "cannot be decoded"),
        (
            "blank.html",
            b"<!doctype html><html><head><script>var a;</script></head><body></body></html>",
            "no main text",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    project: Path, tmp_path: Path, name: str, content: bytes, message: str, capsys
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = files_of(project)
    code = main(["add", str(path), "--root", str(project), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and message in err and name in err
    assert "Traceback" not in err
    assert files_of(project) == before


def test_a_legacy_encoding_is_detected_and_stored_as_utf8(project: Path, tmp_path: Path) -> None:
    text = (
        "Le café du port\n\nLe maire a déclaré que la fermeture était provisoire. « Nous "
        "rouvrirons le café dès que possible », a-t-il ajouté devant les pêcheurs réunis.\n"
    )
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("cp1252"))
    assert main(["add", str(path), "--root", str(project), "--quiet"]) == 0
    stored = (project / "kb/documents/cafe.txt").read_bytes()
    assert stored.decode("utf-8") == text


def test_existing_slug_and_one_bad_file_among_good_ones(
    project: Path, tmp_path: Path, capsys
) -> None:
    good = tmp_path / "in" / "good.txt"
    good.parent.mkdir()
    good.write_text(REPORT, encoding="utf-8")
    (tmp_path / "in" / "empty.md").write_text("", encoding="utf-8")
    before = files_of(project)
    assert main(["add", str(good.parent), "--root", str(project), "--quiet"]) == 1
    assert "empty.md" in capsys.readouterr().err
    assert files_of(project) == before
    code = main(["add", str(good), "--slug", "alemdar-voa-interview", "--root", str(project)])
    assert code == 1 and "exists already" in capsys.readouterr().err
    assert files_of(project) == before


@pytest.mark.timeout(600)
def test_drafts_are_recorded_warned_listed_and_reviewed(
    project: Path, tmp_path: Path, capsys
) -> None:
    """PROV-O records each draft; validate warns; coverage lists it; include_drafts=false leaves
    it out; deleting the draft: mark makes it curated, and a rebuild keeps it so."""
    import pyoxigraph as ox
    import yaml

    source = tmp_path / "norvik-harbour.txt"
    source.write_text(REPORT, encoding="utf-8")
    assert main(["add", str(source), "--root", str(project), "--quiet"]) == 0
    assert main(["build", "--root", str(project)]) == 0
    assert main(["validate", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "Warning" in out and "unreviewed draft" in out
    store = ox.Store()
    trig = BuildLayout(project / "build").trig
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    rows = list(
        store.query(
            "PREFIX prov: <http://www.w3.org/ns/prov#>"
            " PREFIX pkb: <https://w3id.org/provkb/ontology#>"
            " SELECT ?a ?rule WHERE { GRAPH ?g { ?a a pkb:Assertion ; prov:wasGeneratedBy ?act ;"
            " pkb:draftRule ?rule ; pkb:draftConfidence ?c }"
            " GRAPH ?h { ?act a pkb:DraftingActivity } }"
        )
    )
    assert rows and all(row["rule"].value for row in rows)
    assert main(["coverage", "--root", str(project), "--document", "norvik-harbour"]) == 1
    assert "to review, draft assertion: We cannot feed our families" in capsys.readouterr().out

    def who_said(include: str) -> str:
        params = ["--param", "words=half a catch", "--param", f"include_drafts={include}"]
        args = ["query", "who-said-it", *params, "--format", "json", "--root", str(project)]
        assert main(args) == 0
        return capsys.readouterr().out

    assert "per-olsen" in who_said("true")
    assert "per-olsen" not in who_said("false")
    # A person reviews the quote: deletes its draft: mark. It is then curated, and stays so.
    path = project / "kb/documents/norvik-harbour.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    quote = next(a for a in data["assertions"] if "half a catch" in a["quote"])
    del quote["draft"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reviewed = path.read_bytes()
    assert main(["build", "--root", str(project)]) == 0
    capsys.readouterr()
    assert "per-olsen" in who_said("false")
    assert path.read_bytes() == reviewed
    # A second add of another document leaves the reviewed one as it is.
    other = tmp_path / "other.txt"
    other.write_text(REPORT.replace("Norvik", "Havby"), encoding="utf-8")
    assert main(["add", str(other), "--root", str(project), "--quiet"]) == 0
    assert path.read_bytes() == reviewed


def test_the_same_input_drafts_byte_identical_files(tmp_path: Path) -> None:
    source = tmp_path / "norvik-harbour.html"
    source.write_text(as_html(REPORT), encoding="utf-8")
    outputs = []
    for name in ("one", "two"):
        root = tmp_path / name
        for folder in ("kb", "ontology"):
            shutil.copytree(CHECKOUT / folder, root / folder)
        assert main(["add", str(source), "--root", str(root), "--quiet"]) == 0
        outputs.append(files_of(root))
    assert outputs[0] == outputs[1]
    assert "kb/registry/draft-norvik-harbour.yaml" in outputs[0]


@pytest.mark.timeout(600)
def test_two_pages_sharing_paragraphs_keep_their_text(project: Path, tmp_path: Path) -> None:
    """Adding pages in one run must not drop a paragraph because an earlier page had it."""
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    first.write_text(as_html(REPORT), encoding="utf-8")
    second.write_text(as_html(REPORT.replace("Norvik", "Havby")), encoding="utf-8")
    assert main(["add", str(first), str(second), "--root", str(project), "--quiet"]) == 0
    for slug in ("first", "second"):
        text = (project / f"kb/documents/{slug}.txt").read_text(encoding="utf-8")
        assert "half a catch" in text
    # Both state a protest on the same date: their drafted events stay two events, and build.
    assert main(["build", "--root", str(project)]) == 0


# Every held-out document: texts, Markdown and saved pages of every genre the sets hold.
HELD_OUT = sorted(
    path
    for path in (CHECKOUT / "bench").glob("heldout*/*")
    if path.suffix in (".txt", ".md", ".html") and path.name != "README.md"
)


@pytest.mark.timeout(900)
def test_every_held_out_document_is_added_built_and_validated_together(
    project: Path, tmp_path: Path, capsys
) -> None:
    assert len(HELD_OUT) >= 32, "the held-out sets are missing"
    folder = tmp_path / "incoming"
    folder.mkdir()
    for path in HELD_OUT:
        shutil.copy(path, folder / path.name)
    assert main(["add", str(folder), "--root", str(project), "--quiet"]) == 0
    assert f"drafted {len(HELD_OUT)} document(s)" in capsys.readouterr().out
    assert main(["build", "--root", str(project)]) == 0
    assert main(["validate", "--root", str(project)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_a_document_with_no_author_or_outlet_speaks_as_its_unnamed_author(
    project: Path, tmp_path: Path
) -> None:
    source = tmp_path / "harbour-note.txt"
    source.write_text(
        "Harbour note\n\nIt was reported that the harbour of Norvik would close for a week.\n",
        encoding="utf-8",
    )
    assert main(["add", str(source), "--root", str(project), "--quiet"]) == 0
    registry = (project / "kb/registry/draft-harbour-note.yaml").read_text(encoding="utf-8")
    assert "collective/author-of-harbour-note" in registry and "kind: group" in registry
    assert main(["build", "--root", str(project)]) == 0
