"""How fast the drafter is: one 50,000-character document, and ``provkb add`` on 1,000.

Targets (issue 13): a 50,000-character document drafted in under 1 s; ``provkb add`` on 1,000
generated documents in under 2 minutes. Each figure is given beside a baseline measured in the
same run on the same text (one tokenising regex pass over it), so that a slower machine shows
as a slower baseline, not as a slower drafter.

    python -m bench.draft_speed [--docs 1000]     # writes build/bench/draft-speed.md
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate_corpus import generate
from bench.heldout_gold import documents
from provkb.draft.extractor import RuleExtractor
from provkb.draft.gazetteer import Gazetteer
from provkb.draft.reading import Source, read_source

ROOT = Path(__file__).resolve().parents[1]


def timed(function, repeats: int = 5) -> float:
    """The median wall time of ``function()`` over ``repeats`` runs, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def documents_of_every_set() -> list[Path]:
    """Every held-out document (``bench/heldout*/``), in a stable order."""
    return [
        path
        for folder in sorted(p.parent for p in ROOT.joinpath("bench").glob("heldout*/README.md"))
        for path in documents(folder)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="provkb-draft-speed-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.docs, seed=1)
        texts = sorted((corpus / "kb" / "documents").glob("*.txt"))
        # One long document: generated texts one after the other, up to 50,000 characters.
        long_text = ""
        for path in texts:
            if len(long_text) >= 50_000:
                break
            long_text += path.read_text(encoding="utf-8") + "\n"
        long_text = long_text[:50_000]
        gazetteer = Gazetteer.from_folder(corpus / "kb" / "registry")
        source = Source(Path("long.txt"), long_text, "text")
        extractor = RuleExtractor()
        draft_time = timed(lambda: extractor.extract(source, gazetteer))
        baseline = timed(lambda: re.findall(r"\w+", long_text))
        draft = extractor.extract(source, gazetteer)
        # The held-out documents, written as real texts are (richer in speech than the
        # generated ones), one after the other, with the seed registry.
        written = "\n\n".join(read_source(path).text for path in documents_of_every_set())[:50_000]
        seed_gazetteer = Gazetteer.from_folder(ROOT / "kb" / "registry")
        written_source = Source(Path("heldout.txt"), written, "text")
        written_time = timed(lambda: extractor.extract(written_source, seed_gazetteer))
        written_baseline = timed(lambda: re.findall(r"\w+", written))
        written_draft = extractor.extract(written_source, seed_gazetteer)
        # provkb add on every generated text, into a project with the corpus's registry.
        project = Path(tmp) / "project"
        for name in ("ontology", "shapes", "queries"):
            shutil.copytree(corpus / name, project / name)
        shutil.copytree(corpus / "kb" / "registry", project / "kb" / "registry")
        (project / "kb" / "documents").mkdir(parents=True)
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        for path in texts:
            shutil.copy(path, inputs / path.name)
        command = [sys.executable, "-m", "provkb.cli", "add", str(inputs), "--root", str(project)]
        start = time.perf_counter()
        subprocess.run([*command, "--quiet"], check=True, stdout=subprocess.DEVNULL)
        add_time = time.perf_counter() - start
        characters = sum(p.stat().st_size for p in texts)
        add_baseline = timed(lambda: [re.findall(r"\w+", p.read_text()) for p in texts], 1)
    lines = [
        "# Drafter speed",
        "",
        "| measure | time | baseline (regex pass) | ratio | target |",
        "|---|---|---|---|---|",
        f"| draft one 50,000-character document ({len(draft.assertions)} assertions, "
        f"{len(draft.mentions)} mentions) | {draft_time:.3f} s | {baseline * 1000:.1f} ms "
        f"| ×{draft_time / baseline:.0f} | < 1 s |",
        f"| draft 50,000 characters of the held-out documents "
        f"({len(written_draft.assertions)} assertions, {len(written_draft.mentions)} mentions) "
        f"| {written_time:.3f} s | {written_baseline * 1000:.1f} ms "
        f"| ×{written_time / written_baseline:.0f} | < 1 s |",
        f"| `provkb add` {args.docs:,} documents ({characters:,} bytes), one process "
        f"| {add_time:.1f} s | {add_baseline:.2f} s | ×{add_time / add_baseline:.0f} "
        f"| < 120 s |",
        "",
    ]
    out = ROOT / "build" / "bench" / "draft-speed.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
