"""The alerts sensor through Dagster: off by default, sends once, skips when nothing is owed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import dagster as dg
import pytest

from tests.alerts.conftest import EXPECTED_KINDS, NOW, Receiver, env_for
from wf_etl.definitions import build_defs
from wf_etl.defs.alerts import ALERTS_SENT, SENSOR_NAME, build_alerts_defs
from wf_etl.defs.resources import resources_from_env


def tick(db: Path, env: dict[str, str]) -> dg.SensorResult | dg.SkipReason:
    defs = build_alerts_defs(env, now=lambda: NOW)
    sensor = defs.resolve_sensor_def(SENSOR_NAME)
    resources = {**resources_from_env(duckdb_path=str(db)), **defs.resources}
    with (
        dg.instance_for_test() as instance,
        dg.build_sensor_context(instance=instance, resources=resources) as context,
    ):
        return sensor(context)


def test_the_sensor_is_off_until_turned_on(clean_env: pytest.MonkeyPatch) -> None:
    sensor = build_defs().resolve_sensor_def(SENSOR_NAME)
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED


def test_a_tick_posts_each_alert_once_and_materialises_alerts_sent(
    alert_warehouse: Path, hook: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = env_for(None, hook)
    for name, value in env.items():
        monkeypatch.setenv(name, value)  # the resource reads the URL through EnvVar
    first = tick(alert_warehouse, env)
    assert isinstance(first, dg.SensorResult)
    (event,) = first.asset_events
    assert event.asset_key == ALERTS_SENT
    assert event.metadata["outcome/sent"].value == len(EXPECTED_KINDS)
    assert Counter(r.body["kind"] for r in hook.received) == EXPECTED_KINDS
    second = tick(alert_warehouse, env)
    assert isinstance(second, dg.SensorResult) and not second.asset_events
    assert "nothing owed" in second.skip_reason.skip_message
    assert len(hook.received) == len(EXPECTED_KINDS)


def test_without_a_destination_the_tick_skips_saying_what_to_set(alert_warehouse: Path) -> None:
    result = tick(alert_warehouse, {})
    assert isinstance(result, dg.SkipReason)
    assert "WF_ETL_ALERTS_SLACK_WEBHOOK_URL" in result.skip_message
