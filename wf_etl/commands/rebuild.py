"""wf-etl rebuild: re-derive the model from the raw layer after a transform change, no refetch."""

from __future__ import annotations

import argparse

from wf_etl.commands.options import add_db_argument, warehouse_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    db = warehouse_path(args)

    from wf_etl.analytics import apply_views
    from wf_etl.lake.publish import forget_derived
    from wf_etl.warehouse import rebuild_model
    from wf_etl.warehouse.audit_land import rebuild_audit_events
    from wf_etl.warehouse.importer import bulk_settings
    from wf_etl.warehouse_session import open_warehouse

    with open_warehouse(db, bulk=True) as con:
        # First, so a rebuild killed half-way still leaves the derived partitions marked for
        # rewriting: forgotten after it, a kill in between would leave the lake stale for good.
        forget_derived(con)
        with bulk_settings(con):
            model = rebuild_model(con)
            rebuild_audit_events(con)
        apply_views(con)  # a transform change may change what a view reads
    print(f"wf-etl rebuild: {model.runs} runs, {model.tasks} tasks, {model.errors} errors -> {db}")
    return 0
