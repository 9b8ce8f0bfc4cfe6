"""Where the project's inputs and outputs live.

The curated inputs (``kb/``, ``ontology/``, ``shapes/``, ``queries/``) sit at the root of a provkb
checkout. Commands find that root from the working directory, so a user runs them from their clone;
the package's own checkout is the fallback, which keeps the tests independent of the directory
pytest was started in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


def _looks_like_root(path: Path) -> bool:
    return (path / "kb").is_dir() and (path / "ontology").is_dir()


def find_root(start: Path | None = None) -> Path:
    """Return the provkb project root: ``$PROVKB_ROOT``, the working directory or a parent of it,
    or the checkout this package was installed from."""
    if env := os.environ.get("PROVKB_ROOT"):
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _looks_like_root(candidate):
            return candidate
    return PACKAGE_CHECKOUT


@dataclass(frozen=True)
class ProjectPaths:
    """The folders of one provkb project."""

    root: Path

    @classmethod
    def discover(cls, root: Path | None = None) -> ProjectPaths:
        """Paths under ``root``, or under the discovered project root."""
        return cls((root or find_root()).resolve())

    @property
    def kb(self) -> Path:
        return self.root / "kb"

    @property
    def documents(self) -> Path:
        return self.kb / "documents"

    @property
    def registry(self) -> Path:
        return self.kb / "registry"

    @property
    def decisions(self) -> Path:
        return self.kb / "decisions"

    @property
    def ontology(self) -> Path:
        return self.root / "ontology"

    @property
    def shapes(self) -> Path:
        return self.root / "shapes"

    @property
    def queries(self) -> Path:
        return self.root / "queries"

    @property
    def build(self) -> Path:
        return self.root / "build"
