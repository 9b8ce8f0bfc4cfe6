"""The options every command shares: the project (``--root``) and the build folder (``--build``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from provkb.layout import BuildLayout
from provkb.paths import ProjectPaths


def add_project_options(parser: argparse.ArgumentParser, *, build: bool = True) -> None:
    """``--root`` and (unless ``build`` is False) ``--build``."""
    parser.add_argument(
        "--root", type=Path, help="project folder (default: found from the working directory)"
    )
    if build:
        parser.add_argument(
            "--build",
            type=Path,
            metavar="DIR",
            help="build folder (default: <root>/build)",
        )


def project_of(args: argparse.Namespace) -> ProjectPaths:
    """The project the command line names (or the one found from the working directory)."""
    return ProjectPaths.discover(args.root)


def build_of(args: argparse.Namespace, paths: ProjectPaths) -> BuildLayout:
    """The build folder the command line names (or the project's)."""
    return BuildLayout((args.build or paths.build).resolve())
