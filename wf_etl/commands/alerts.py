"""wf-etl alerts: evaluate the alert rules once and post what is owed (or, --dry-run, show it)."""

from __future__ import annotations

import argparse

from wf_etl.commands.options import add_db_argument, warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="post nothing and record nothing; show what would be sent where",
    )
    parser.add_argument(
        "--now",
        help="evaluate as of this instant (ISO, UTC if no offset; default: now), e.g. to replay",
    )
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from wf_etl.alerts import AlertSettings, run_alerts
    from wf_etl.cli import UserError
    from wf_etl.commands.report import parse_instant
    from wf_etl.warehouse_session import open_warehouse

    settings = AlertSettings.from_env()
    now = parse_instant(args.now, "--now") if args.now else datetime.now(UTC)
    db = warehouse_path(args)
    names = [d.name for d in settings.destinations()]
    if not names and not args.dry_run:
        raise UserError(
            "no destination: set WF_ETL_ALERTS_SLACK_WEBHOOK_URL and/or WF_ETL_ALERTS_WEBHOOK_URL"
            " (or run with --dry-run)"
        )
    print(
        f"wf-etl alerts: as of {now.isoformat()}; destinations: {', '.join(names) or 'none'}"
        + ("; dry run" if args.dry_run else "")
    )
    # The working database behind `db`: the rules read the model and alerts_sent, and a real
    # run records what it sent there (published to the analysts' database on the way out).
    with open_warehouse(db) as con:
        report = run_alerts(con, settings, now, dry_run=args.dry_run)
    for alert in report.raised if not names else []:
        print(f"  raised  {alert.kind:<18} {alert.title}")
    for line in report.lines():
        print(f"  {line}")
    counts = ", ".join(f"{n} {k}" for k, n in sorted(report.counts().items())) or "nothing owed"
    print(f"{len(report.raised)} alerts raised; {counts}")
    return 1 if any(o.status == "failed" for o in report.outcomes) else 0
