"""The lean memory limit: sessions whose work is bounded by a batch, or only reads, run under
WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT, and whatever does not fit is done again under the general limit
(WF_ETL_DUCKDB_MEMORY_LIMIT), so the cap bounds memory and never fails a load or a check."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SIM_NOW
from wf_etl.amperity import ClientConfig
from wf_etl.defs.checks import CHECKS, evaluate
from wf_etl.defs.resources import WarehouseResource
from wf_etl.landing import LandingZone
from wf_etl.loader import load_pending
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.sync import fetch_tenant
from wf_etl.warehouse.lean import lean, release_cache
from wf_etl.windows import Window

TABLES = ("raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors")


def _setting(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_setting('memory_limit')").fetchall()[0][0]


def _limited(
    monkeypatch: pytest.MonkeyPatch, lean_limit: str
) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """A connection under a 300MB general limit and `lean_limit`, and a list for the limits
    each try of a piece of work ran under."""
    monkeypatch.setenv("WF_ETL_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", lean_limit)
    return duckdb.connect(), []


def _listing(con: duckdb.DuckDBPyConnection, limits: list[str], rows: int) -> int:
    """Work that needs memory it cannot spill: a list of `rows` integers, 8 bytes each."""
    limits.append(_setting(con))
    return len(con.execute(f"select list(i) from range({rows}) as t(i)").fetchone()[0])


def test_work_runs_under_the_lean_limit_and_the_session_gets_the_general_one_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WF_ETL_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", "48MB")
    con = duckdb.connect()
    seen = lean(con, lambda: _setting(con), "a probe")
    assert (seen, _setting(con)) == ("45.7 MiB", "286.1 MiB")
    # a lean limit above the general one is not applied
    monkeypatch.setenv("WF_ETL_DUCKDB_MEMORY_LIMIT", "20MB")
    con.execute("set memory_limit = '20MB'")
    assert lean(con, lambda: _setting(con), "a probe") == _setting(con) == "19.0 MiB"


def test_work_that_does_not_fit_the_lean_limit_is_done_again_under_the_general_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    con, limits = _limited(monkeypatch, "1MB")
    with caplog.at_level(logging.INFO, logger="wf_etl.warehouse"):
        assert lean(con, lambda: _listing(con, limits, 1_000_000), "the probe") == 1_000_000
    assert limits == ["976.5 KiB", "286.1 MiB"]
    assert _setting(con) == "286.1 MiB"
    assert "the probe needed more than 1MB (WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT)" in caplog.text


def test_a_smaller_first_limit_is_tried_before_the_lean_one_then_the_general_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    con, limits = _limited(monkeypatch, "8MB")
    work = partial(_listing, con, limits)
    with caplog.at_level(logging.INFO, logger="wf_etl.warehouse"):
        assert lean(con, lambda: work(1000), "a small probe", first="1MB") == 1000
        assert limits == ["976.5 KiB"]
        assert lean(con, lambda: work(150_000), "a middle probe", first="1MB") == 150_000
        assert limits[1:] == ["976.5 KiB", "7.6 MiB"]
        assert lean(con, lambda: work(1_000_000), "a large probe", first="1MB") == 1_000_000
        assert limits[3:] == ["976.5 KiB", "7.6 MiB", "286.1 MiB"]
    assert _setting(con) == "286.1 MiB"
    assert "a middle probe needed more than 1MB: " in caplog.text
    assert "doing it again under 8MB" in caplog.text
    assert "a large probe needed more than 8MB (WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT)" in caplog.text
    # a first limit no smaller than the lean one is not tried
    limits.clear()
    assert lean(con, lambda: work(10), "a probe", first="16MB") == 10
    assert limits == ["7.6 MiB"]


def _cached_mb(con: duckdb.DuckDBPyConnection) -> float:
    """What DuckDB holds of the database file's blocks (its buffer manager's own count)."""
    ((held,),) = con.execute(
        "select coalesce(sum(memory_usage_bytes), 0) / 2**20 from duckdb_memory() "
        "where tag = 'BASE_TABLE'"
    ).fetchall()
    return held


def test_a_session_lets_go_of_the_blocks_its_work_read_and_keeps_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "blocks.duckdb")
    with duckdb.connect(path) as con:
        con.execute(
            "create table t as select i, md5(i::varchar) as s from range(2_000_000) as r(i)"
        )
    monkeypatch.setenv("WF_ETL_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", "200MB")
    con = duckdb.connect(path)
    con.execute("set memory_limit = '300MB'")
    scan = "select count(distinct s) from t"
    assert con.execute(scan).fetchall() == [(2_000_000,)]
    assert _cached_mb(con) > 20  # kept after the query: the limit leaves room
    release_cache(con, "250MB")
    assert _cached_mb(con) < 1
    assert _setting(con) == "238.4 MiB"
    # lean() lets go at the end of its work, whichever limit it ran under
    assert lean(con, lambda: con.execute(scan).fetchall(), "a scan") == [(2_000_000,)]
    assert _cached_mb(con) < 1
    assert _setting(con) == "286.1 MiB"
    con.close()


def test_letting_go_of_the_cache_never_moves_an_in_memory_session_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where DuckDB would spill an in-memory database
    con = duckdb.connect(config={"temp_directory": str(tmp_path / "spill")})
    con.execute("set memory_limit = '200MB'")
    con.execute("create temp table listed as select md5(i::varchar) as s from range(500_000) r(i)")
    release_cache(con, "200MB")
    assert con.execute("select count(*) from duckdb_temporary_files()").fetchall() == [(0,)]
    assert con.execute("select count(*) from listed").fetchall() == [(500_000,)]
    assert _setting(con) == "190.7 MiB"


def _sync(sim: Simulator, layout: StorageLayout) -> int:
    config = ClientConfig(
        tenant="acme", base_url=sim.base_url, api_token=sim.token, max_requests_per_second=500
    )
    window = Window(SIM_NOW - timedelta(days=3), SIM_NOW)
    assert fetch_tenant(config, layout, window, batch_runs=10).error is None
    pending = len(LandingZone(layout.landing_url).pending())
    assert load_pending(layout).batches == pending
    return pending


def _rows(layout: StorageLayout) -> dict[str, list[tuple]]:
    """Each table's rows without fetched_at, which differs between two fetches of a run."""
    rows = {}
    with duckdb.connect(layout.working_path, read_only=True) as con:
        for table in TABLES:
            columns = [c for (c, *_) in con.execute(f"describe {table}").fetchall()]
            kept = ", ".join(c for c in columns if c != "fetched_at")
            rows[table] = sorted(con.execute(f"select {kept} from {table}").fetchall(), key=repr)
    return rows


def test_a_loader_session_out_of_the_lean_limit_loads_every_batch_once_under_the_full_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with Simulator(
        tenants=("acme",), seed=5, days=4, runs_per_day=30, rate_limit_per_s=1000, now=SIM_NOW
    ) as sim:
        lean_layout = StorageLayout.beside(str(tmp_path / "lean" / "wh.duckdb"))
        plain_layout = StorageLayout.beside(str(tmp_path / "plain" / "wh.duckdb"))
        plain = _sync(sim, plain_layout)
        monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", "1MB")
        with caplog.at_level(logging.INFO, logger="wf_etl.warehouse"):
            assert _sync(sim, lean_layout) == plain
    assert "a loader session needed more than 1MB" in caplog.text
    assert _rows(lean_layout) == _rows(plain_layout)
    with duckdb.connect(lean_layout.working_path, read_only=True) as con:
        ((loaded, distinct),) = con.execute(
            "select count(*), count(distinct name) from landing_batches"
        ).fetchall()
    assert loaded == distinct == plain
    # the asset checks, under the same 1MB lean limit, answer as under the full one
    warehouse = WarehouseResource(database=lean_layout.working_path)
    for name, *_ in CHECKS:
        params = {"stuck_after_hours": 24.0} if name == "runs_stuck_in_flight" else None
        failures, _sample = evaluate(warehouse, name, params)
        monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", "64MB")
        assert (failures, _sample) == evaluate(warehouse, name, params), name
        monkeypatch.setenv("WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT", "1MB")
