"""The `wf-etl` command: a registry of verbs, each a small module in wf_etl.commands.

Verb modules keep heavy imports (Dagster, DuckDB) inside `run`, so `wf-etl --help` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from wf_etl.settings import SettingsError

# verb -> (module in wf_etl.commands, one-line help)
VERBS: dict[str, tuple[str, str]] = {
    "demo": ("demo", "start the simulator, sync 14 days through Dagster, print the report"),
    "simulate": ("simulate", "serve a simulated Amperity tenant on 127.0.0.1"),
    "sync": ("sync", "fetch runs from the API into the warehouse through Dagster"),
    "import": ("import_file", "load verbose run records from a JSON Lines file"),
    "rebuild": ("rebuild", "rebuild the model tables from the raw layer, without refetching"),
    "report": ("report", "print the failure-attribution report"),
    "sql": ("sql", "SQL on the analysts' database, read-only: a prompt, or one statement"),
    "guard": ("guard", "evaluate the runaway-workflow policy once"),
    "stop": ("stop", "stop one workflow run, after confirmation"),
}


class UserError(Exception):
    """A problem the user can fix; printed as one line, without a traceback."""


class Parser(argparse.ArgumentParser):
    """argparse with its complaint in one line (the usage block is one --help away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="wf-etl", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug logging")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb, (module_name, help_text) in VERBS.items():
        module = importlib.import_module(f"wf_etl.commands.{module_name}")
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        module.add_arguments(verb_parser)
        verb_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.run(args) or 0)
    except (UserError, SettingsError) as exc:
        print(f"wf-etl {args.verb}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"wf-etl {args.verb}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    # Run through the imported module, so `python -m wf_etl.cli` has one UserError class.
    from wf_etl import cli

    sys.exit(cli.main())
