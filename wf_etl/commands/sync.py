"""wf-etl sync: fetch a window of runs into the warehouse through the Dagster assets."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC, datetime

from wf_etl.cli import UserError
from wf_etl.settings import Settings
from wf_etl.windows import Window, WindowError

DEFAULT_DAYS = 7


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help=f"UTC date or ISO timestamp, inclusive (default: {DEFAULT_DAYS} days ago)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="DATE",
        help="UTC date or ISO timestamp, exclusive (default: now)",
    )
    parser.add_argument(
        "--db", help="DuckDB file (default: $WF_ETL_DUCKDB_PATH or data/wf_etl.duckdb)"
    )


def window_from_args(args: argparse.Namespace, default_days: int = DEFAULT_DAYS) -> Window:
    try:
        return Window.from_args(
            args.date_from, args.date_to, default_days=default_days, now=datetime.now(UTC)
        )
    except WindowError as exc:
        raise UserError(str(exc)) from None


def show_progress() -> None:
    """Print the assets' progress lines (logger wf_etl.progress) as they happen."""
    logger = logging.getLogger("wf_etl.progress")
    if not any(getattr(h, "_wf_etl", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("  %(message)s"))
        handler._wf_etl = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def run(args: argparse.Namespace) -> int:
    from wf_etl.amperity.config import tenants_from_env
    from wf_etl.defs.launch import run_sync
    from wf_etl.sync_summary import print_summary

    window = window_from_args(args)
    if not tenants_from_env():
        raise UserError("AMPERITY_TENANT is not set; export it (and a token) or run `wf-etl demo`")
    db = args.db or Settings.from_env().duckdb_path
    print(f"wf-etl sync: runs created in {window} into {db}")
    show_progress()
    outcome = run_sync(window, duckdb_path=db)
    print_summary(outcome, db)
    if not outcome.success:
        print(
            f"wf-etl sync: failed: {outcome.error or 'see the Dagster run ' + outcome.run_id}",
            file=sys.stderr,
        )
        return 1
    return 0
