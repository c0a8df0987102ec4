"""wf-etl guard: evaluate the runaway-workflow policy once and print each verdict and why."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="never send a stop, even where the policy says stop and stopping is enabled",
    )
    parser.add_argument(
        "--policy", help="policy TOML file (default: $WF_ETL_GUARD_POLICY, else flag-only default)"
    )
    parser.add_argument(
        "--db", help="DuckDB file (default: $WF_ETL_DUCKDB_PATH or data/wf_etl.duckdb)"
    )
    parser.add_argument(
        "--all", action="store_true", help="also list in-flight runs within their limit"
    )


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from wf_etl.amperity import AmperityError, ClientConfig, tenants_from_env
    from wf_etl.cli import UserError
    from wf_etl.guard import PolicyError, load_policy, sweep
    from wf_etl.settings import Settings
    from wf_etl.warehouse_session import open_warehouse

    settings = Settings.from_env()
    try:
        policy = load_policy(args.policy or settings.guard_policy_path)
    except PolicyError as exc:
        raise UserError(str(exc)) from None
    tenants = tenants_from_env()
    if not tenants:
        raise UserError("AMPERITY_TENANT is not set; export it (and a token) to guard a tenant")
    try:
        configs = {t: ClientConfig.from_env(t) for t in tenants}
    except AmperityError as exc:
        raise UserError(str(exc)) from None
    db = args.db or settings.duckdb_path
    stopping = settings.guard_stop_enabled and not args.dry_run
    switch = "enabled" if settings.guard_stop_enabled else "disabled (WF_ETL_GUARD_STOP_ENABLED)"
    print(
        f"wf-etl guard: policy {policy.source}, {len(policy.rules)} rules; stopping {switch}"
        + ("; dry run" if args.dry_run else "")
    )
    verbose = getattr(args, "verbose", False)
    with open_warehouse(db) as con:
        report = sweep(
            con,
            configs,
            policy,
            now=datetime.now(UTC),
            stop_enabled=settings.guard_stop_enabled,
            dry_run=args.dry_run,
            source="cli-guard",
            on_line=(lambda line: print(f"  . {line}")) if verbose else (lambda line: None),
        )
    for action in report.actions:
        print(f"  {action.describe()}")
    if args.all:
        for decision in report.decisions:
            if not decision.over_limit:
                print(f"  {decision.describe()}")
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(report.counts().items()))
    over = len(report.actions)
    print(
        f"{len(report.decisions)} in flight, {over} over their limit"
        + (f": {counts}" if counts else "")
        + f"; {report.recorded} new rows in guard_actions ({db})"
        + ("" if stopping else "; no stop requests sent")
    )
    for failure in report.failures:
        print(f"wf-etl guard: {failure}", file=sys.stderr)
    return 1 if report.failures else 0
