"""The guard sensor through Dagster: decisions in the tick, the audit asset materialised."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from tests.guard.conftest import STOP_POLICY, rows, runaway_ids, stop_requests
from wf_etl.definitions import build_defs
from wf_etl.defs.guard import (
    GUARD_ACTIONS,
    SENSOR_NAME,
    GuardSettings,
    build_guard_defs,
    interval_from_env,
)
from wf_etl.defs.resources import resources_from_env
from wf_etl.lake.adopt import adopt_single_file_warehouse
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator

pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks


def guard_sensor(sim: Simulator) -> dg.SensorDefinition:
    defs = build_guard_defs({}, now=sim.now)
    return defs.resolve_sensor_def(SENSOR_NAME)


def tick(
    sensor: dg.SensorDefinition, db: Path, settings: GuardSettings, instance: dg.DagsterInstance
) -> dg.SensorResult | dg.SkipReason:
    resources = {**resources_from_env(duckdb_path=str(db)), "guard_settings": settings}
    with dg.build_sensor_context(instance=instance, resources=resources) as context:
        return sensor(context)


def policy_file(tmp_path: Path, text: str = STOP_POLICY) -> str:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_sensor_stops_runaways_and_materialises_guard_actions(
    guard_sim: Simulator, warehouse: Path, tmp_path: Path
) -> None:

    sensor = guard_sensor(guard_sim)
    settings = GuardSettings(policy_path=policy_file(tmp_path), stop_enabled=True)
    with dg.instance_for_test() as instance:
        first = tick(sensor, warehouse, settings, instance)
        guard_sim.advance(10)  # the stopped runs end; nothing new to decide
        second = tick(sensor, warehouse, settings, instance)

    assert isinstance(first, dg.SensorResult) and not first.run_requests
    (event,) = first.asset_events
    assert event.asset_key == GUARD_ACTIONS
    assert event.metadata["outcome/stopped"].value == 2
    assert event.metadata["new_decisions"].value == 2
    table = event.metadata["decisions"].value
    assert all(run_id in table for run_id in runaway_ids(guard_sim))
    assert json.loads(first.cursor)["outcomes"] == {"stopped": 2}

    assert isinstance(second, dg.SensorResult) and not second.asset_events
    assert "0 over their limit" in second.skip_reason.skip_message
    assert len(stop_requests(guard_sim)) == 2
    assert {r["source"] for r in rows(warehouse)} == {"sensor"}


def test_the_sensor_only_flags_by_default(guard_sim: Simulator, warehouse: Path) -> None:
    sensor = guard_sensor(guard_sim)
    with dg.instance_for_test() as instance:
        result = tick(sensor, warehouse, GuardSettings(stop_enabled=True), instance)
    assert isinstance(result, dg.SensorResult)
    assert stop_requests(guard_sim) == []
    assert {r["outcome"] for r in rows(warehouse)} <= {"flagged"}


def test_a_refused_policy_skips_the_tick_with_its_message(
    guard_sim: Simulator, warehouse: Path, tmp_path: Path
) -> None:
    path = policy_file(tmp_path, STOP_POLICY.replace('"4x p95"', '"fast"'))
    with dg.instance_for_test() as instance:
        result = tick(guard_sensor(guard_sim), warehouse, GuardSettings(policy_path=path), instance)
    assert isinstance(result, dg.SkipReason)
    assert 'policy.toml line 4: rule "runaways" field limit' in result.skip_message
    assert guard_sim.requests == []


def test_a_busy_warehouse_skips_the_tick_and_names_the_file(
    guard_sim: Simulator, warehouse: Path, tmp_path: Path
) -> None:
    layout = StorageLayout.beside(str(warehouse))
    adopt_single_file_warehouse(layout)  # the landed history becomes the working database
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(30)", layout.working_path],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        settings = GuardSettings(policy_path=policy_file(tmp_path), stop_enabled=True)
        with dg.instance_for_test() as instance:
            started = time.monotonic()
            result = tick(guard_sensor(guard_sim), warehouse, settings, instance)
    finally:
        holder.kill()
        holder.wait()
    assert isinstance(result, dg.SkipReason)
    assert f"warehouse {layout.working_path} is busy" in result.skip_message
    assert time.monotonic() - started < 5
    assert stop_requests(guard_sim) == []


def test_the_code_location_carries_the_guard_configured_by_env(tmp_path: Path) -> None:
    env = {
        "WF_ETL_GUARD_INTERVAL_S": "120",
        "WF_ETL_GUARD_STOP_ENABLED": "true",
        "WF_ETL_GUARD_POLICY": "examples/guard-policy.toml",
    }
    defs = build_defs(duckdb_path=str(tmp_path / "w.duckdb"), env=env)
    dg.Definitions.validate_loadable(defs)
    sensor = defs.resolve_sensor_def(SENSOR_NAME)
    assert sensor.minimum_interval_seconds == 120
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert defs.resolve_assets_def(GUARD_ACTIONS) is not None
    assert (
        interval_from_env({}) == 300 and interval_from_env({"WF_ETL_GUARD_INTERVAL_S": "5"}) == 30
    )
