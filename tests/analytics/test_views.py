"""The analytics views against numbers worked out by hand from the fixture (see conftest.py)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.analytics.conftest import MIN, SEND, STITCH, TIMEOUT, load_fixture
from wf_etl.analytics import apply_views, headline

HOUR = 60 * MIN


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=UTC)


def test_apply_views_creates_every_view_and_returns_their_names(con):
    names = apply_views(con)
    expected = {
        "v_failure_attribution_daily", "v_error_types", "v_error_message_families",
        "v_failed_task_root_cause", "v_runtime_by_type", "v_time_to_recovery",
        "v_time_to_recovery_by_name", "v_task_reliability", "v_platform_retry_success",
        "v_platform_retry_summary", "v_config_change_impact", "v_failure_after_change",
        "v_stopped_runs", "v_failure_next_run", "v_flaky_workflows", "v_flaky_task_types",
        "v_error_family_first_seen", "v_runtime_regression", "v_failure_streaks",
        "v_platform_incidents",
    }  # fmt: skip
    assert set(names) == expected
    present = {r[0] for r in con.execute("select view_name from duckdb_views()").fetchall()}
    assert expected <= present


def test_failure_attribution_daily_counts_per_utc_day_tenant_and_type(con):
    got = {
        (r["day"], r["tenant"], r["workflow_type"]): (
            r["runs"], r["terminal_runs"], r["failed_runs"], r["customer_failures"],
            r["platform_failures"], r["unattributed_failures"], r["failure_rate"],
        )
        for r in rows(con, "select * from v_failure_attribution_daily")
    }  # fmt: skip
    d1, d2, d3 = date(2024, 6, 1), date(2024, 6, 2), date(2024, 6, 3)
    assert got == {
        # r01-r05 (r05 starts 23:30 on the 1st): failed r02 (customer), r04 (platform)
        (d1, "acme", "stitch/run"): (5, 5, 2, 1, 1, 0, pytest.approx(2 / 5)),
        (d1, "acme", "campaign.send"): (1, 1, 1, 0, 1, 0, 1.0),  # r08
        (d1, "beta", "stitch/run"): (2, 2, 1, 1, 0, 0, 0.5),  # r12, r13
        (d2, "acme", "stitch/run"): (1, 1, 1, 1, 0, 0, 1.0),  # r06
        (d2, "acme", "campaign.send"): (3, 3, 1, 0, 0, 1, pytest.approx(1 / 3)),  # r09-r11
        (d2, "beta", "stitch/run"): (1, 1, 1, 0, 1, 0, 1.0),  # r14
        (d2, "beta", "courier.group/run"): (1, 1, 0, 0, 0, 0, 0.0),  # r15
        (d3, "acme", "stitch/run"): (1, 0, 0, 0, 0, 0, None),  # r07 in flight: no rate
    }


def test_daily_view_buckets_by_utc_day_whatever_the_session_time_zone():
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'America/Los_Angeles'")
    load_fixture(connection)
    apply_views(connection)
    # r06 starts 2024-06-02 00:30 UTC, which is still June 1st in Los Angeles.
    (runs,) = connection.execute(
        "select runs from v_failure_attribution_daily"
        " where day = date '2024-06-02' and tenant = 'acme' and workflow_type = 'stitch/run'"
    ).fetchone()
    assert runs == 1
    connection.close()


def test_error_types_count_failed_runs_by_attribution_and_type(con):
    got = {(r["attribution"], r["error_type"]): r for r in rows(con, "select * from v_error_types")}
    assert set(got) == {
        ("customer", STITCH),
        ("platform", TIMEOUT),
        ("platform", SEND),
        ("unattributed", None),
    }
    stitch = got[("customer", STITCH)]  # r02, r12, r06: all named "Daily Stitch"
    assert (stitch["failures"], stitch["workflows_affected"]) == (3, 1)
    assert stitch["type_family"] == "amperity.workflow.task.stitch"
    assert (stitch["first_seen"], stitch["last_seen"]) == (at(1, 2, 20), at(2, 0, 40))
    assert "orders" in stitch["sample_message"]  # r06 is the latest
    timeout = got[("platform", TIMEOUT)]  # r04 (Daily Stitch), r14 (Hourly Stitch)
    assert (timeout["failures"], timeout["workflows_affected"]) == (2, 2)
    assert (timeout["first_seen"], timeout["last_seen"]) == (at(1, 23), at(2, 9, 30))
    assert got[("platform", SEND)]["failures"] == 1
    assert got[("unattributed", None)]["failures"] == 1  # r11 failed without an error
    assert sum(r["failures"] for r in got.values()) == 7  # every failed run, once


def test_message_families_count_messages_differing_only_by_names(con):
    got = {r["message_family"]: r for r in rows(con, "select * from v_error_message_families")}
    invalid = got[
        "Found table in an invalid state: <name>. This error can be caused by a failed stitch."
    ]
    # loyalty_members (r02), orders (r06), customer_360 (r12)
    assert (invalid["failures"], invalid["distinct_messages"], invalid["attribution"]) == (
        3, 3, "customer",
    )  # fmt: skip
    timeout = got["Task <id> timed out after <n> ms"]
    assert (timeout["failures"], timeout["workflows_affected"]) == (2, 2)
    assert got["Destination <name> rejected <n> rows"]["failures"] == 1
    assert len(got) == 3  # r11 has no message


def test_root_cause_is_the_first_task_to_fail_by_time_then_ordinal(con):
    got = {r["workflow_id"]: r for r in rows(con, "select * from v_failed_task_root_cause")}
    assert set(got) == {"r02", "r04", "r06", "r08", "r11", "r12", "r14"}
    # r02: t02b (ordinal 2) fails at 02:19, t02c (ordinal 3) at 02:12 -> t02c
    assert got["r02"]["task_instance_id"] == "t02c"
    assert (got["r02"]["task_definition_type"], got["r02"]["execution_type"]) == (
        "stitch.run", "spark-sql",
    )  # fmt: skip
    assert (got["r02"]["task_error_attribution"], got["r02"]["failed_tasks"]) == ("customer", 2)
    # r08: both fail at 04:05 -> the lower ordinal
    assert got["r08"]["task_instance_id"] == "t08a"
    assert got["r08"]["task_label"] == "Append results"
    # r06 and r11 failed with no failed task: still listed, task columns empty
    for run_id in ("r06", "r11"):
        assert got[run_id]["task_instance_id"] is None
        assert got[run_id]["failed_tasks"] == 0
    assert got["r14"]["task_error_type"] == TIMEOUT


def test_runtime_by_type_percentiles_over_finished_runs(con):
    got = {
        (r["tenant"], r["workflow_name"]): r for r in rows(con, "select * from v_runtime_by_type")
    }
    daily = got[("acme", "Daily Stitch")]
    # finished runtimes (min): 10, 20, 30, 60, 50, 10 -> sorted 10 10 20 30 50 60; r07 in flight
    assert (daily["runs"], daily["timed_runs"]) == (7, 6)
    assert daily["p50_runtime_ms"] == pytest.approx(25 * MIN)  # between 20 and 30
    assert daily["p95_runtime_ms"] == pytest.approx((50 + 0.75 * 10) * MIN)  # rank 4.75
    assert daily["max_runtime_ms"] == 60 * MIN
    assert daily["runs_over_warn_after"] == 1  # r04
    send = got[("acme", "Send Campaign")]  # 5, 5, 1, 2 -> 1 2 5 5
    assert send["p50_runtime_ms"] == pytest.approx(3.5 * MIN)
    assert send["p95_runtime_ms"] == pytest.approx(5 * MIN)
    assert got[("beta", "Hourly Stitch")]["max_runtime_ms"] == 30 * MIN
    assert len(got) == 5


def test_time_to_recovery_runs_from_failure_end_to_next_success_end(con):
    got = {
        r["failed_run_id"]: (r["recovery_run_id"], r["time_to_recovery_ms"])
        for r in rows(con, "select * from v_time_to_recovery")
    }
    assert got == {
        "r02": ("r03", 70 * MIN),  # 02:20 -> 03:30
        "r04": ("r05", 80 * MIN),  # 23:00 -> 00:20 next day
        "r06": (None, None),  # no later success of acme's Daily Stitch
        "r08": ("r09", 26 * HOUR),  # 06-01 04:05 -> 06-02 06:05
        "r11": (None, None),
        "r12": ("r13", 30 * MIN),  # beta's own Daily Stitch, not acme's
        "r14": (None, None),
    }


def test_time_to_recovery_by_name_takes_the_median_and_counts_unrecovered(con):
    got = {
        (r["tenant"], r["workflow_name"]): (
            r["failures"], r["recovered_failures"], r["unrecovered_failures"],
            r["median_time_to_recovery_ms"],
        )
        for r in rows(con, "select * from v_time_to_recovery_by_name")
    }  # fmt: skip
    assert got == {
        ("acme", "Daily Stitch"): (3, 2, 1, 75 * MIN),  # median of 70 and 80 minutes
        ("acme", "Send Campaign"): (2, 1, 1, 26 * HOUR),
        ("beta", "Daily Stitch"): (1, 1, 0, 30 * MIN),
        ("beta", "Hourly Stitch"): (1, 0, 1, None),
    }


def test_task_reliability_by_definition_and_execution_type(con):
    got = {
        (r["task_definition_type"], r["execution_type"]): r
        for r in rows(con, "select * from v_task_reliability")
    }
    stitch = got[("stitch.run", "spark-sql")]
    # 9 tasks, t07a running; failed t02c, t04a, t12a, t14a; timeouts t04a, t14a
    assert (stitch["task_runs"], stitch["terminal_tasks"], stitch["failed"]) == (9, 8, 4)
    assert stitch["failure_rate"] == pytest.approx(0.5)
    assert stitch["timeouts_exceeded"] == 2
    # runtimes (min) 10 5 7 30 60 5 10 30 -> sorted 5 5 7 10 10 30 30 60; rank 6.65
    assert stitch["p95_runtime_ms"] == pytest.approx((30 + 0.65 * 30) * MIN)
    bridge = got[("bridge.sync", "databricks")]  # t02b failed, t04b skipped, t08b failed
    assert (bridge["task_runs"], bridge["failed"]) == (3, 2)
    assert bridge["failure_rate"] == pytest.approx(2 / 3)
    assert bridge["p95_runtime_ms"] == pytest.approx((5 + 0.95 * 9) * MIN)  # 5 and 14 min
    assert got[("campaign.append-results", "prodigal")]["failure_rate"] == 1.0


def test_platform_failures_recovered_within_a_day_are_told_apart(con):
    got = {
        r["failed_run_id"]: r["recovered_within_day"]
        for r in rows(con, "select * from v_platform_retry_success")
    }
    # r04 recovered in 80 min; r08 after 26 h; r14 never
    assert got == {"r04": True, "r08": False, "r14": False}
    summary = {
        (r["tenant"], r["error_type"]): (r["platform_failures"], r["recovered_within_day"])
        for r in rows(con, "select * from v_platform_retry_summary")
    }
    assert summary == {("acme", TIMEOUT): (1, 1), ("acme", SEND): (1, 0), ("beta", TIMEOUT): (1, 0)}


def test_config_change_impact_compares_changed_runs_with_the_rest(con):
    got = {
        r["config_changed"]: (r["runs"], r["terminal_runs"], r["failed_runs"], r["failure_rate"])
        for r in rows(con, "select * from v_config_change_impact")
    }
    assert got == {
        True: (3, 3, 2, pytest.approx(2 / 3)),  # r02, r03, r06
        None: (2, 1, 1, 1.0),  # r07 (in flight), r08
        False: (10, 10, 4, pytest.approx(0.4)),  # r04, r11, r12, r14 failed
    }


def test_headline_totals_and_customer_share(con):
    h = headline(con)
    assert (h["runs"], h["terminal"], h["failed"]) == (15, 14, 7)
    assert h["failure_rate"] == pytest.approx(0.5)
    assert (h["customer_failures"], h["platform_failures"], h["unattributed"]) == (3, 3, 1)
    assert h["customer_share"] == pytest.approx(3 / 7)
    lines = h["top_error_types"].splitlines()
    assert lines[0].startswith("| attribution | error_type | failures")
    assert f"| customer | {STITCH} | 3 | 1 |" in lines


def test_headline_filters_by_tenant_and_utc_days(con):
    acme = headline(con, tenant="acme")  # r01-r11: r07 in flight; failed r02 r04 r06 r08 r11
    assert (acme["runs"], acme["terminal"], acme["failed"]) == (11, 10, 5)
    assert acme["customer_share"] == pytest.approx(2 / 5)
    june2 = headline(con, date_from="2024-06-02", date_to=date(2024, 6, 3))
    # r06, r09, r10, r11, r14, r15: failed r06 (customer), r11 (none), r14 (platform)
    assert (june2["runs"], june2["failed"], june2["unattributed"]) == (6, 3, 1)
    assert f"| customer | {STITCH} | 1 | 1 |" in june2["top_error_types"]
    nobody = headline(con, tenant="nobody")
    assert (nobody["runs"], nobody["failure_rate"]) == (0, None)
    assert nobody["top_error_types"] == "_no failures_"


def test_every_example_query_in_the_analytics_docs_runs(con):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "analytics.md").read_text()
    queries = re.findall(r"```sql\n(.*?)```", doc, re.DOTALL)
    assert len(queries) >= 9  # one per question
    for query in queries:
        con.execute(query).fetchall()
