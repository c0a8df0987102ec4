"""wf-etl rebuild: re-derive the model from the raw layer after a transform change, no refetch."""

from __future__ import annotations

import argparse

from wf_etl.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="DuckDB file (default: $WF_ETL_DUCKDB_PATH or data/wf_etl.duckdb)"
    )


def run(args: argparse.Namespace) -> int:
    from wf_etl.warehouse import rebuild_model
    from wf_etl.warehouse_session import open_warehouse

    db = args.db or Settings.from_env().duckdb_path
    with open_warehouse(db) as con:
        model = rebuild_model(con)
    print(f"wf-etl rebuild: {model.runs} runs, {model.tasks} tasks, {model.errors} errors -> {db}")
    return 0
