"""wf-etl import: load verbose run records from a JSON Lines file, e.g. saved API answers."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from wf_etl.cli import UserError
from wf_etl.commands.options import add_db_argument, warehouse_path
from wf_etl.settings import Settings
from wf_etl.terminal import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        type=Path,
        help="JSON Lines file, one verbose run record per line (a pipe works too: <(zcat f.gz))",
    )
    parser.add_argument("--tenant", help="tenant for records that do not name one")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    if args.file.is_dir():
        raise UserError(f"{args.file} is a directory; name a JSON Lines file")
    if not args.file.exists():  # a FIFO or a device exists without being a regular file
        raise UserError(f"{args.file}: no such file")
    if args.tenant is not None:
        from wf_etl.amperity import ConfigurationError
        from wf_etl.amperity.validation import validate_tenant

        try:
            validate_tenant(args.tenant)
        except ConfigurationError as exc:
            raise UserError(str(exc).replace("(set AMPERITY_TENANT)", "(--tenant)")) from None
    db = warehouse_path(args)
    settings = Settings.from_env()
    if not settings.max_record_mb > 0:
        raise UserError("WF_ETL_MAX_RECORD_MB must be greater than zero")

    from wf_etl.analytics import apply_views
    from wf_etl.warehouse import import_jsonl
    from wf_etl.warehouse_session import open_warehouse

    if not os.access(args.file, os.R_OK):  # not opened here: a FIFO is read only once
        raise UserError(f"cannot read {args.file}: permission denied")
    with open_warehouse(db, bulk=True) as con:
        landed, model = import_jsonl(
            con,
            args.file,
            tenant=args.tenant,
            hash_emails=settings.hash_principal_emails,
            max_record_mb=settings.max_record_mb,
        )
        apply_views(con)  # an imported warehouse answers the analysts' questions like a synced one
    print(
        f"wf-etl import: {args.file}: loaded {landed.landed} runs, rejected {landed.rejected}; "
        f"model: {model.runs} runs, {model.tasks} tasks, {model.errors} errors -> {db}"
    )
    for reason in landed.rejected_reasons[:10]:
        print(f"  rejected: {printable(reason)}")
    return 0
