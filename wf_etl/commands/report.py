"""wf-etl report: the failure-attribution report, from a warehouse opened read-only."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from wf_etl.cli import UserError
from wf_etl.commands.options import add_db_argument, warehouse_path

FORMATS = ("text", "markdown", "json", "html")


def parse_instant(value: str, flag: str) -> datetime:
    """A UTC date (midnight UTC) or an ISO 8601 timestamp (no offset = UTC), as aware UTC."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        instant = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UserError(
            f"{flag} {value!r} is not a date or timestamp; use YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM:SSZ (UTC)"
        ) from None
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--from", dest="date_from", metavar="DATE", help="runs created at or after (UTC)"
    )
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="runs created before (UTC)")
    parser.add_argument("--tenant", help="one tenant (default: all)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="default: text")
    parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")


def render(
    db: str,
    fmt: str,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    tenant: str | None = None,
) -> str:
    """The report for the warehouse at db as text in one of FORMATS."""
    from wf_etl.analytics.report_data import ReportError, ReportScope, build_report

    scope = ReportScope(date_from=date_from, date_to=date_to, tenant=tenant)
    try:
        data = build_report(db, scope)
    except ReportError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=True) + "\n"
    if fmt == "html":
        from wf_etl.analytics.report_html import render_html

        return render_html(data)
    from wf_etl.analytics.report_text import render_markdown, render_text

    return render_markdown(data) if fmt == "markdown" else render_text(data)


def print_text_report(db: str) -> None:
    """The whole warehouse's text report on stdout (used by `wf-etl demo`)."""
    sys.stdout.write(render(db, "text"))


def run(args: argparse.Namespace) -> int:
    db = warehouse_path(args)
    date_from = parse_instant(args.date_from, "--from") if args.date_from else None
    date_to = parse_instant(args.date_to, "--to") if args.date_to else None
    if date_from and date_to and date_from >= date_to:
        raise UserError(f"--from {args.date_from} must be before --to {args.date_to}")
    text = render(db, args.format, date_from, date_to, args.tenant)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote the {args.format} report to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
