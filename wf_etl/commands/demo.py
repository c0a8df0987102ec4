"""wf-etl demo: the whole pipeline against a local simulated tenant, end to end."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from wf_etl.cli import UserError
from wf_etl.settings import SettingsError, check_warehouse_path

DEMO_DAYS = 14


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default="data/wf_etl.duckdb", help="warehouse file (default: %(default)s)"
    )
    parser.add_argument(
        "--days", type=int, default=DEMO_DAYS, help="days of history (default: %(default)s)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=42,
        help="simulator seed, as `wf-etl simulate` (default: %(default)s)",
    )


def start_simulator(days: int, seed: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`wf-etl simulate` on a free port, in its own process like a real API; returns its env."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wf_etl.cli",
            "simulate",
            "--port",
            "0",
            "--days",
            str(days),
            "--seed",
            str(seed),
            "--latency-ms",
            "20:120",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    found: dict[str, str] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        key, _, value = line.strip().partition("=")
        if key in {"base_url", "tenant", "token"}:
            found[key] = value
        if len(found) == 3:
            break
    if len(found) < 3:
        proc.kill()
        raise UserError("the simulator did not start; run `wf-etl simulate` to see why")
    return proc, {
        "AMPERITY_BASE_URL": found["base_url"],
        "AMPERITY_TENANT": found["tenant"],
        "AMPERITY_API_TOKEN": found["token"],
    }


def run(args: argparse.Namespace) -> int:
    if args.days < 1:
        raise UserError(f"--days must be at least 1, got {args.days}")
    try:
        check_warehouse_path(args.db)
    except SettingsError as exc:
        raise UserError(str(exc)) from None

    from wf_etl.commands.report import print_text_report
    from wf_etl.commands.sync import show_progress
    from wf_etl.defs.launch import run_sync
    from wf_etl.sync_summary import print_summary
    from wf_etl.windows import Window

    # The demo's runs land in a project-local Dagster home, so `make dev` shows them afterwards.
    os.environ.setdefault("DAGSTER_HOME", str(Path(".dagster_home").resolve()))
    for var in ("AMPERITY_CLIENT_ID", "AMPERITY_CLIENT_SECRET"):
        os.environ.pop(var, None)
    proc, env = start_simulator(args.days, args.seed)
    try:
        os.environ.update(env)
        print(f"Simulated tenant '{env['AMPERITY_TENANT']}' at {env['AMPERITY_BASE_URL']}")
        end = datetime.now(UTC)
        window = Window(
            datetime.combine(end.date(), time(), tzinfo=UTC) - timedelta(days=args.days), end
        )
        print(f"Syncing runs created in {window} into {args.db} through Dagster")
        show_progress()
        outcome = run_sync(window, duckdb_path=args.db)
        print_summary(outcome, args.db)
        if not outcome.success:
            print(f"wf-etl demo: sync failed: {outcome.error}", file=sys.stderr)
            return 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print()
    print_text_report(args.db)
    return 0
