"""What a sync asks the warehouse before fetching: which runs are settled, which may change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import duckdb

from wf_etl.warehouse.execution import execute_file


def terminal_run_ids(con: duckdb.DuckDBPyConnection, tenant: str, ids: Iterable[str]) -> set[str]:
    """Ids already terminal in raw: they never change, so they are never fetched again.

    The ids reach DuckDB as a registered frame (asked_ids), not as a list parameter: a year's
    window lists some 100,000 ids, and as a parameter each became a DuckDB value of its own
    (+29 MB for 105,000 ids against +9 MB as a frame), memory a backfill then kept.
    """
    import pandas as pd  # only where a sync plans: the CLI's other verbs never build a frame

    ids = list(ids)
    if not ids:
        return set()
    con.register("asked_ids", pd.DataFrame({"id": pd.Series(ids, dtype=object)}))
    try:
        rows = execute_file(
            con, "transform/lookup/terminal_run_ids.sql", {"tenant": tenant}
        ).fetchall()
    finally:
        con.unregister("asked_ids")
    return {row[0] for row in rows}


def nonterminal_runs(
    con: duckdb.DuckDBPyConnection, tenant: str | None = None
) -> list[tuple[str, str, datetime]]:
    """(tenant, id, created_at) of runs that may still change, oldest first, to refetch."""
    rows = execute_file(con, "transform/lookup/nonterminal_runs.sql", {"tenant": tenant})
    return [(t, i, c) for t, i, c in rows.fetchall()]


def open_rejected_runs(con: duckdb.DuckDBPyConnection, tenant: str) -> list[str]:
    """Ids of runs whose latest answer was rejected and not healed since, to fetch again."""
    rows = execute_file(con, "transform/lookup/open_rejected_runs.sql", {"tenant": tenant})
    return [row[0] for row in rows.fetchall()]
