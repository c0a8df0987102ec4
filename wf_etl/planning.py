"""What a fetcher knows before it fetches: which runs are settled, which may still change.

A fetcher never opens the working database (the writer may hold it for a load), so it reads
what is published (the lake's Parquet) and what is landed but not loaded yet (the landing
zone), with the same lookup SQL the warehouse answers, in a private in-memory DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
import pandas as pd

from wf_etl.lake.publish import Lake
from wf_etl.lake.tables import LAKE_TABLES
from wf_etl.landing import LandingZone
from wf_etl.settings import Settings, StorageLayout
from wf_etl.sql_files import read_sql
from wf_etl.warehouse import FetchedRecord, apply_schema

_TABLES = {t.name: t for t in LAKE_TABLES}


@contextmanager
def planning_view(layout: StorageLayout, tenant: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection where raw_workflow_runs and rejected_records show one tenant's state."""
    # capped like the working database's sessions: DuckDB's own default is 80% of RAM, and
    # this session reads the tenant's published raw layer
    con = duckdb.connect(config={"memory_limit": Settings.from_env().duckdb_memory_limit})
    try:
        apply_schema(con)  # the macros, and empty tables standing in for what is unpublished
        lake = Lake(layout.lake_url)
        if not lake.local:
            con.register_filesystem(lake.fs)
        zone = LandingZone(layout.landing_url)
        records = [r for batch in zone.pending(tenant) for r in zone.read_if_present(batch)]
        con.register("landing_pending", _frame(records))
        con.execute(f"create temp table pending_raw as {read_sql('lake/planning_pending.sql')}")
        raw = _lake_relation(lake, "raw_workflow_runs", tenant)
        rejected = _lake_relation(lake, "rejected_records", tenant)
        con.execute("create schema plan")
        con.execute(f"create view plan.lake_raw as select * from {raw}")
        con.execute(f"create view plan.rejected_records as select * from {rejected}")
        con.execute("set search_path = 'plan,main'")
        con.execute(read_sql("lake/planning_raw.sql"))
        yield con
    finally:
        con.close()


def _frame(records: list[FetchedRecord]) -> pd.DataFrame:
    def column(values: list[object]) -> pd.Series:
        return pd.Series(values, dtype=object)

    return pd.DataFrame(
        {
            "run_id": column([r.run_id for r in records]),
            "tenant": column([r.tenant for r in records]),
            "fetched_at": pd.to_datetime(column([r.fetched_at for r in records]), utc=True),
            "error": column([r.error for r in records]),
            "body": column([r.body for r in records]),
        }
    )


def _lake_relation(lake: Lake, name: str, tenant: str) -> str:
    """The tenant's published rows of a lake table, or the empty local table if none yet."""
    table = _TABLES[name]
    folder = f"{lake.root}/{name}/tenant={tenant}"
    pattern = f"{folder}/*/*.parquet" if table.by_day else f"{folder}/*.parquet"
    if not lake.fs.glob(pattern):
        return f"main.{name}"
    source = pattern if lake.local else lake.fs.unstrip_protocol(pattern)
    quoted = source.replace("'", "''")
    literal = tenant.replace("'", "''")
    return (
        f"(select *, '{literal}' as tenant "
        f"from read_parquet('{quoted}', hive_partitioning = false))"
    )
