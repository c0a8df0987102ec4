"""wf-etl import: load verbose run records from a JSON Lines file, e.g. saved API answers."""

from __future__ import annotations

import argparse
from pathlib import Path

from wf_etl.cli import UserError
from wf_etl.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="JSON Lines file, one verbose run record per line")
    parser.add_argument("--tenant", help="tenant for records that do not name one")
    parser.add_argument(
        "--db", help="DuckDB file (default: $WF_ETL_DUCKDB_PATH or data/wf_etl.duckdb)"
    )


def run(args: argparse.Namespace) -> int:
    from wf_etl.warehouse import import_jsonl
    from wf_etl.warehouse_session import open_warehouse

    if not args.file.is_file():
        raise UserError(f"{args.file}: no such file")
    db = args.db or Settings.from_env().duckdb_path
    with open_warehouse(db) as con:
        landed, model = import_jsonl(con, args.file, tenant=args.tenant)
    print(
        f"wf-etl import: {args.file}: loaded {landed.landed} runs, rejected {landed.rejected}; "
        f"model: {model.runs} runs, {model.tasks} tasks, {model.errors} errors -> {db}"
    )
    for reason in landed.rejected_reasons[:10]:
        print(f"  rejected: {reason}")
    return 0
