"""wf-etl sync: fetch a window of runs into the warehouse through the Dagster assets."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from wf_etl.cli import UserError
from wf_etl.commands.options import add_db_argument, client_configs, warehouse_path
from wf_etl.terminal import printable
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
    add_db_argument(parser)


def window_from_args(args: argparse.Namespace, default_days: int = DEFAULT_DAYS) -> Window:
    try:
        return Window.from_args(
            args.date_from, args.date_to, default_days=default_days, now=datetime.now(UTC)
        )
    except WindowError as exc:
        raise UserError(str(exc)) from None


def show_progress() -> None:
    """Print the assets' progress lines as they happen (wf_etl.progress)."""
    from wf_etl.progress import show_progress_lines

    show_progress_lines()


def check_api_settings() -> None:
    """Every tenant's client settings, read as the sync will read them, or one line on why not."""
    from wf_etl.amperity.config import tenants_from_env

    configs = client_configs(tenants_from_env(), "export it (and a token) or run `wf-etl demo`")
    if not all(config.has_credentials for config in configs):
        raise UserError(
            "no API credentials: set AMPERITY_API_TOKEN, or AMPERITY_CLIENT_ID and "
            "AMPERITY_CLIENT_SECRET"
        )


def run(args: argparse.Namespace) -> int:
    window = window_from_args(args)
    db = warehouse_path(args)
    check_api_settings()

    from wf_etl.defs.launch import run_sync
    from wf_etl.sync_summary import print_summary, retryable_failures

    print(f"wf-etl sync: runs created in {window} into {db}")
    show_progress()
    verbose = getattr(args, "verbose", False)
    outcome = run_sync(window, duckdb_path=db, console_log_level="DEBUG" if verbose else "CRITICAL")
    print_summary(outcome, db)
    if not outcome.success:
        print(
            f"wf-etl sync: failed: {printable(outcome.error or 'see the Dagster runs above')}",
            file=sys.stderr,
        )
        return 1
    unloaded = retryable_failures(outcome)
    if unloaded:
        print(
            f"wf-etl sync: incomplete: {unloaded} runs left unloaded by failures that may pass "
            "(HTTP 429, 5xx, timeouts); run the sync again later",
            file=sys.stderr,
        )
        return 3
    return 0
