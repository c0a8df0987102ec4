"""The Parquet lake any engine reads: exactly the warehouse's rows, partitioned by tenant and
day, each file replaced whole, on a local folder or any fsspec filesystem."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import duckdb
import fsspec
import pyarrow.dataset as ds
import pytest

from tests.conftest import SIM_NOW
from wf_etl.amperity import ClientConfig
from wf_etl.lake.publish import Lake, publish_lake
from wf_etl.lake.tables import LAKE_TABLES
from wf_etl.landing import LandingZone
from wf_etl.loader import GROUP_BATCHES, load_pending
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.sync import fetch_tenant
from wf_etl.warehouse import open_warehouse, rebuild_model
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=4), SIM_NOW)


def sync_tenants(sim: Simulator, layout: StorageLayout) -> tuple[int, list[str]]:
    """Fetch WINDOW in small batches and load them; the batch count and the loader's lines."""
    for tenant in sim.tenants:
        config = ClientConfig(
            tenant=tenant, base_url=sim.base_url, api_token=sim.token, max_requests_per_second=200
        )
        assert fetch_tenant(config, layout, WINDOW, batch_runs=5).error is None
    pending = len(LandingZone(layout.landing_url).pending())
    said: list[str] = []
    outcome = load_pending(layout, say=said.append)
    assert outcome.batches == pending
    return pending, said


@pytest.fixture
def synced(tmp_path: Path) -> StorageLayout:
    with Simulator(
        tenants=("acme", "globex"), seed=8, days=5, runs_per_day=12, rate_limit_per_s=1000,
        now=SIM_NOW,
    ) as sim:  # fmt: skip
        layout = StorageLayout.beside(str(tmp_path / "wh.duckdb"))
        pending, said = sync_tenants(sim, layout)
    # more batch files than two loader sessions take: each session loads GROUP_BATCHES and
    # publishes, and the lake still holds exactly the warehouse's rows (the tests below)
    assert pending > 2 * GROUP_BATCHES
    assert len(said) == -(-pending // GROUP_BATCHES)
    return layout


def warehouse_rows(layout: StorageLayout, table: str) -> list[tuple]:
    with duckdb.connect(layout.working_path, read_only=True) as con:
        columns = [c for (c, *_) in con.execute(f"describe {table}").fetchall()]
        return sorted(con.execute(f"select {', '.join(columns)} from {table}").fetchall(), key=repr)


def test_pyarrow_and_duckdb_read_exactly_the_warehouse_rows(synced: StorageLayout) -> None:
    lake = Path(synced.lake_url)
    for table in LAKE_TABLES:
        expected = warehouse_rows(synced, table.name)
        if not expected:
            continue
        dataset = ds.dataset(lake / table.name, format="parquet", partitioning="hive")
        arrow = dataset.to_table()
        assert arrow.num_rows == len(expected), table.name
        assert set(arrow.column("tenant").to_pylist()) <= {"acme", "globex"}
        with duckdb.connect(synced.working_path, read_only=True) as con:
            columns = [c for (c, *_) in con.execute(f"describe {table.name}").fetchall()]
            glob = Lake(synced.lake_url).glob(table)
            read = con.execute(
                f"select {', '.join(columns)} from read_parquet('{glob}', hive_partitioning = "
                "true, hive_types = {'tenant': varchar})"
            ).fetchall()
        assert sorted(read, key=repr) == expected, table.name


def test_runs_sit_in_the_partition_of_their_tenant_and_utc_day(synced: StorageLayout) -> None:
    dataset = ds.dataset(
        Path(synced.lake_url) / "workflow_runs", format="parquet", partitioning="hive"
    )
    table = dataset.to_table(columns=["tenant", "day", "created_at"]).to_pylist()
    assert table
    for row in table:
        assert (
            str(row["day"]) == row["created_at"].astimezone().date().isoformat()
            or str(row["day"]) == row["created_at"].date().isoformat()
        )


def test_a_rewrite_leaves_readers_the_old_or_the_new_file_never_half_of_one(
    synced: StorageLayout,
) -> None:
    glob = Lake(synced.lake_url).glob(next(t for t in LAKE_TABLES if t.name == "task_instances"))
    with duckdb.connect() as reader:
        (count,) = reader.execute(f"select count(*) from read_parquet('{glob}')").fetchone()
    errors: list[Exception] = []
    seen: set[int] = set()
    stop = threading.Event()

    def read_while_published() -> None:
        with duckdb.connect() as reader:
            while not stop.is_set():
                try:
                    seen.add(
                        reader.execute(f"select count(*) from read_parquet('{glob}')").fetchall()[
                            0
                        ][0]
                    )
                except duckdb.Error as exc:  # a torn or missing file would show up here
                    errors.append(exc)

    thread = threading.Thread(target=read_while_published)
    thread.start()
    try:
        with open_warehouse(synced.working_path) as con:
            for _ in range(4):  # a rebuild re-derives every row: every partition is rewritten
                rebuild_model(con)
                con.execute("delete from lake_partitions")
                assert publish_lake(con, Lake(synced.lake_url)).partitions > 0
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert seen == {count}


def lake_rows(layout: StorageLayout, table: str) -> list[tuple]:
    glob = Lake(layout.lake_url).glob(next(t for t in LAKE_TABLES if t.name == table))
    with duckdb.connect(layout.working_path, read_only=True) as con:
        columns = [c for (c, *_) in con.execute(f"describe {table}").fetchall()]
    with duckdb.connect() as con:
        read = con.execute(
            f"select {', '.join(columns)} from read_parquet('{glob}', hive_partitioning = true, "
            "hive_types = {'tenant': varchar})"
        ).fetchall()
    return sorted(read, key=repr)


def test_a_publish_in_pieces_writes_each_partition_in_files_of_at_most_that_many_runs(
    synced: StorageLayout,
) -> None:
    lake = Lake(synced.lake_url)
    folder = Path(synced.lake_url) / "raw_workflow_runs"
    expected = warehouse_rows(synced, "raw_workflow_runs")
    with open_warehouse(synced.working_path) as con:
        con.execute("delete from lake_partitions")
        assert publish_lake(con, lake, piece_rows=5).rewritten["raw_workflow_runs"] == 10
    files = sorted(folder.glob("tenant=*/day=*/*.parquet"))
    per_file = [duckdb.sql(f"select count(*) from '{f}'").fetchall()[0][0] for f in files]
    assert max(per_file) <= 5 and sum(per_file) == len(expected)
    assert len(files) > len({f.parent for f in files})  # partitions of several files
    assert lake_rows(synced, "raw_workflow_runs") == expected
    with open_warehouse(synced.working_path) as con:  # whole again: no piece is left over
        con.execute("delete from lake_partitions")
        publish_lake(con, lake)
    files = sorted(folder.glob("tenant=*/day=*/*.parquet"))
    assert len(files) == len({f.parent for f in files})
    assert lake_rows(synced, "raw_workflow_runs") == expected


def test_the_landing_zone_and_the_lake_can_live_on_any_fsspec_filesystem(tmp_path: Path) -> None:
    landing, lake = "memory://wf-etl-test/landing", "memory://wf-etl-test/lake"
    layout = StorageLayout.beside(str(tmp_path / "wh.duckdb"), landing_url=landing, lake_url=lake)
    with Simulator(
        tenants=("acme",), seed=8, days=3, runs_per_day=8, rate_limit_per_s=1000, now=SIM_NOW
    ) as sim:
        sync_tenants(sim, layout)
    memory = fsspec.filesystem("memory")
    assert memory.glob("/wf-etl-test/landing/tenant=acme/*.jsonl.gz") == []  # all loaded
    files = memory.glob("/wf-etl-test/lake/workflow_runs/tenant=acme/*/*.parquet")
    assert files
    dataset = ds.dataset(
        "/wf-etl-test/lake/workflow_runs", filesystem=memory, format="parquet", partitioning="hive"
    )
    assert dataset.to_table().num_rows == len(warehouse_rows(layout, "workflow_runs"))
