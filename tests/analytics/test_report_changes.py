"""The report's change, stop, flakiness and regression sections from a warehouse file."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.analytics.test_change_views import add_change_fixture
from wf_etl.commands.report import render

TO = datetime(2024, 6, 8, 12, tzinfo=UTC)
pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks


@pytest.fixture(scope="module")
def change_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "wf_etl.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("set TimeZone = 'UTC'")
        add_change_fixture(con)
    return path


def test_text_report_says_what_changed_before_it_broke_within_100_columns(change_warehouse):
    text = render(str(change_warehouse), "text", date_to=TO, tenant="acme")
    section = text.split("WHAT CHANGED BEFORE IT BROKE")[1].split("\n\n")[0]
    lines = section.splitlines()
    r08 = next(line for line in lines if "06-01 04:00" in line)  # r08: e2 by Wei Chen, 80 min
    assert "Customer_360" in r08 and "Wei Chen" in r08 and "1h 20m" in r08
    r02 = next(line for line in lines if "06-01 02:00" in line)
    assert "Ana Lee" in r02 and r02.endswith("by a fix")
    assert (
        "Customer failures after a change (6 h): 1 of 2; back: after a change 1" in text
    )  # r02, not r06
    assert max(len(line) for line in text.splitlines()) <= 100


def test_json_report_carries_the_new_answers_under_stable_keys(change_warehouse):
    data = json.loads(render(str(change_warehouse), "json", date_to=TO))
    stops = {r["stopped_by"]: r["runs"] for r in data["stopped_by"]}
    assert stops == {"user": 1, "guard": 1, "platform": 1}
    assert [r["workflow_name"] for r in data["runtime_regressions"]][:1] == ["Slow one"]
    assert data["runtime_regressions"][0]["is_regression"] is True
    flaky = {(r["tenant"], r["workflow_name"]): r["flaky_failures"]
             for r in data["flaky_workflows"]}  # fmt: skip
    assert flaky[("acme", "Daily Stitch")] == 1
    new = {(r["tenant"], r["attribution"]) for r in data["new_error_families"]}
    assert ("acme", "unattributed") in new and ("acme", "customer") not in new


def test_a_warehouse_from_before_the_audit_log_still_reports(tmp_path: Path, warehouse_file):
    old = tmp_path / "old.duckdb"
    old.write_bytes(Path(warehouse_file).read_bytes())
    with duckdb.connect(str(old)) as con:
        con.execute("drop table audit_events")
        con.execute("drop table guard_actions")
    text = render(str(old), "text")
    assert "WHAT CHANGED BEFORE IT BROKE" in text
    stops = text.split("WHO STOPPED CANCELED RUNS")[1].split("\n\n")[0]
    assert re.search(r"^  platform +1$", stops, re.M)  # r10: no stop request is known
