"""wf-etl sql: SQL on the analysts' database, read-only; a prompt, or one statement for scripts."""

from __future__ import annotations

import argparse
import sys

from wf_etl.cli import UserError
from wf_etl.commands.options import add_db_argument, warehouse_path
from wf_etl.settings import Settings

FORMATS = ("table", "csv", "json", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "statement",
        nargs="?",
        help="run this and exit (default: an interactive prompt; SQL on a piped stdin is run)",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="how rows are printed (default: table)"
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from wf_etl.analyst.formatting import print_outcome
    from wf_etl.analyst.session import AnalystSession, SqlError

    db = warehouse_path(args)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        session = AnalystSession(
            db,
            lock_timeout_s=Settings.from_env().lock_timeout_s,
            on_wait=lambda message: errors.print(f"wf-etl sql: {message}", style="yellow"),
        )
    except SqlError as exc:
        raise UserError(str(exc)) from None
    try:
        text = args.statement
        if text is None and not sys.stdin.isatty():
            text = sys.stdin.read()
        if text is None:
            from wf_etl.analyst.prompt import Prompt

            return Prompt(session, Console(highlight=False)).loop()
        try:
            outcomes = session.run(text)
        except SqlError as exc:
            raise UserError(str(exc)) from None
        out = Console(highlight=False, soft_wrap=args.format != "table")
        for outcome in outcomes:
            print_outcome(out, outcome, args.format)
        return 0
    finally:
        session.close()
