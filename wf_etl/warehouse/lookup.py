"""What a sync asks the warehouse before fetching: which runs are settled, which may change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import duckdb

from wf_etl.warehouse.execution import execute_file


def terminal_run_ids(con: duckdb.DuckDBPyConnection, tenant: str, ids: Iterable[str]) -> set[str]:
    """Ids already terminal in raw: they never change, so they are never fetched again."""
    ids = list(ids)
    if not ids:
        return set()
    rows = execute_file(
        con, "transform/lookup/terminal_run_ids.sql", {"tenant": tenant, "ids": ids}
    ).fetchall()
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
