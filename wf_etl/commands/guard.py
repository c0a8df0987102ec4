"""wf-etl guard: evaluate the runaway-workflow policy once and print each verdict and why."""

from __future__ import annotations

import argparse
import sys

from wf_etl.commands.options import add_db_argument, client_configs, warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="never send a stop, even where the policy says stop and stopping is enabled",
    )
    parser.add_argument(
        "--policy", help="policy TOML file (default: $WF_ETL_GUARD_POLICY, else flag-only default)"
    )
    add_db_argument(parser)
    parser.add_argument(
        "--all", action="store_true", help="also list in-flight runs within their limit"
    )


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from wf_etl.amperity import tenants_from_env
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
    configs = {
        config.tenant: config
        for config in client_configs(tenants, "export it (and a token) to guard a tenant")
    }
    db = warehouse_path(args)
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
