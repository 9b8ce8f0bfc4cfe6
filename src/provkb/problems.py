"""Problems found in a user's input, reported all at once as ``file:line: message``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one input file."""

    path: Path
    line: int
    message: str

    def render(self, root: Path | None = None) -> str:
        """``file:line: message``, with the path relative to ``root`` when it lies below it."""
        shown = self.path
        if root is not None:
            try:
                shown = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                shown = self.path
        return f"{shown}:{self.line}: {self.message}"


@dataclass
class Problems:
    """A collector, so that every mistake is reported, not just the first."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path, line: int, message: str) -> None:
        """Record a problem at ``path:line``."""
        self.items.append(Problem(path, line, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        """The problems in file and line order, without repeats."""
        return sorted(set(self.items))


class InputError(Exception):
    """Raised when the inputs have problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = problems


def report_problems(problems: list[Problem], root: Path, summary: str) -> int:
    """Print every problem as ``file:line: message`` and then ``summary`` on standard error.

    Returns:
        2, the exit status of a command whose input has problems.
    """
    for problem in problems:
        print(problem.render(root), file=sys.stderr)
    print(summary, file=sys.stderr)
    return 2
