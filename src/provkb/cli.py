"""The ``provkb`` command line: one sub-command per module of :mod:`provkb.commands`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from provkb import __version__

# Each name is a provkb.commands module with HELP, add_arguments(parser) and run(args) -> int.
COMMANDS = ("add", "build", "validate", "coverage", "query", "push", "serve")


def make_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="provkb",
        description="A linked-data knowledge base of who said what, where, when and via whom.",
    )
    parser.add_argument("--version", action="version", version=f"provkb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"provkb.commands.{name}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("provkb: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
