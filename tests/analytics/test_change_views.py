# ruff: noqa: E501 - the fixture rows stay one per line, so a reader can check them by eye
"""The change, stop, flakiness, newness, regression, streak and incident views on hand-made rows.

The runs are the shared fixture's (tests/analytics/conftest.py); this module adds audit events,
a guard stop and a few runs in tenants of their own. Every expected value is worked out by hand
in the comments, never by running the views' SQL.

Audit events (tenant acme, 2024-06-DD HH:MM UTC):
  e1 01 00:30 credential/updated "Braze credential" by Ana Lee       config change
  e2 01 02:40 database/updated   "Customer_360"     by Wei Chen      config change
  e3 01 03:10 query.exec/sampled                    by Wei Chen      not a change
  e4 02 07:00 workflow/cancel of r10                by Maria Garcia  a user's stop
  e5 01 21:00 destination/updated in sandbox acme-sb                 sandbox: ignored
Extra runs: r16 acme "Send Campaign" stopped 03 01:00-01:30 (the guard stopped it),
r17 acme "Send Campaign" canceled 03 02:00-02:05 (nobody asked: the platform).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from tests.analytics.conftest import load_fixture, ts
from wf_etl.analytics import apply_views
from wf_etl.analytics.views import pin_as_of
from wf_etl.sql_files import read_sql

AS_OF = "2024-06-08 12:00:00+00"
EVENTS = [
    ("e1", "acme", "acme", "01 00:30", ":amperity.credential/updated", "Ana Lee", "google-apps|ana@acme.com", "cred-1", "Braze credential"),
    ("e2", "acme", "acme", "01 02:40", ":amperity.database/updated", "Wei Chen", "google-apps|wei@acme.com", "db-1", "Customer_360"),
    ("e3", "acme", "acme", "01 03:10", ":amperity.query.exec/sampled", "Wei Chen", "google-apps|wei@acme.com", "qry-1", "Top customers"),
    ("e4", "acme", "acme", "02 07:00", ":amperity.workflow/cancel", "Maria Garcia", "google-apps|maria@acme.com", "r10", "Send Campaign"),
    ("e5", "acme-sb", "acme", "01 21:00", ":amperity.plugin.destination/updated", "Ana Lee", "google-apps|ana@acme.com", "dest-1", "S3"),
]  # fmt: skip


def add_run(con, rid, tenant, name, state, created, ended, attribution=None, runtime_min=None):
    con.execute(
        "insert into workflow_runs (id, tenant, name, type, state, state_raw, is_terminal,"
        " created_at, ended_at, runtime_ms, error_attribution, error_type, fetched_at)"
        " values (?, ?, ?, 'test', ?, ?, true, ?, ?, ?, ?, ?, now())",
        [rid, tenant, name, state, state, created, ended,
         None if runtime_min is None else int(runtime_min * 60_000), attribution,
         "amperity.platform.test/down" if attribution else None],
    )  # fmt: skip


def add_event(connection, eid, event_tenant, family, at, etype, who, pid, obj, obj_name):
    """One audit event of tenant acme, its derived columns from the audit macros."""
    connection.execute(
        "insert into audit_events (event_id, tenant, event_tenant, tenant_family, is_sandbox,"
        " happened_at, event_type, object_kind, action, is_config_change, is_workflow_stop,"
        " principal_id, principal_name, is_api_key, object_id, object_name, workflow_id,"
        " fetched_at) values (?, 'acme', ?, ?, ?, ?, ?, audit_object_kind(?), audit_action(?),"
        " audit_is_config_change(?), audit_action(?) = 'cancel', ?, ?, false, ?, ?,"
        " case when audit_action(?) = 'cancel' then ? end, now())",
        [eid, event_tenant, family, event_tenant != family, ts(at), etype, etype, etype,
         etype, etype, pid, who, obj, obj_name, etype, obj],
    )  # fmt: skip


def add_change_fixture(connection: duckdb.DuckDBPyConnection) -> None:
    """The shared fixture's runs plus this module's events, guard stop and extra tenants."""
    load_fixture(connection)
    for event in EVENTS:
        add_event(connection, *event)
    add_run(connection, "r16", "acme", "Send Campaign", "stopped", ts("03 01:00"), ts("03 01:30"))
    add_run(connection, "r17", "acme", "Send Campaign", "canceled", ts("03 02:00"), ts("03 02:05"))
    connection.execute(
        "insert into guard_actions (decided_at, batch_id, source, tenant, run_id, rule, action,"
        " dry_run, outcome) values (?, 'b1', 'sensor', 'acme', 'r16', 'p95x3', 'stop', false,"
        " 'stopped')",
        [ts("03 01:29")],
    )
    # gamma: platform failures of three workflows 20 minutes apart, then one two hours later
    for rid, name, end in [("g1", "A", "05 10:00"), ("g2", "B", "05 10:20"), ("g3", "C", "05 10:40"), ("g4", "A", "05 12:40")]:  # fmt: skip
        add_run(connection, rid, "gamma", name, "failed", ts(end), ts(end), "platform")
    # delta: "Slow one" 10 baseline runs of 10 min then 3 recent of 20 min; "Steady" 10 then 11 min
    as_of = datetime(2024, 6, 8, 12, tzinfo=UTC)
    for i in range(10):
        day = as_of - timedelta(days=20 - i)
        add_run(connection, f"ds{i}", "delta", "Slow one", "succeeded", day, day, runtime_min=10)
        add_run(connection, f"dt{i}", "delta", "Steady", "succeeded", day, day, runtime_min=10)
    for i in range(3):
        day = as_of - timedelta(days=2, hours=-i)
        add_run(connection, f"dsr{i}", "delta", "Slow one", "succeeded", day, day, runtime_min=20)
        add_run(connection, f"dtr{i}", "delta", "Steady", "succeeded", day, day, runtime_min=11)


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    add_change_fixture(connection)
    apply_views(connection)
    pin_as_of(connection, datetime.fromisoformat(AS_OF))
    yield connection
    connection.close()


def rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def test_each_failure_lists_the_changes_in_the_six_hours_before_it_closest_first(con):
    got = {
        (r["workflow_id"], r["change_rank"]): (r["change_event_id"], r["changed_by"], r["minutes_before_run"], r["changes_in_window"])
        for r in rows(con, "select * from v_failure_after_change where tenant = 'acme'")
    }  # fmt: skip
    assert got == {
        ("r02", 1): ("e1", "Ana Lee", 90.0, 1),  # e1 at 00:30, r02 at 02:00
        ("r04", None): (None, None, None, 0),  # e5 is a sandbox's; e1, e2 over 6 h before 22:00
        ("r06", None): (None, None, None, 0),
        ("r08", 1): ("e2", "Wei Chen", 80.0, 2),  # r08 at 04:00: e2 (02:40) then e1 (00:30)
        ("r08", 2): ("e1", "Ana Lee", 210.0, 2),
        ("r11", None): (None, None, None, 0),  # e3 is not a change, e4 is a stop
    }


def test_the_answer_counts_customer_failures_with_a_change_before_them_as_the_view_does(con):
    # r02 (e1 90 minutes before), r06 (e1 and e2 over six hours before), r12 (beta: no events)
    answer = rows(con, read_sql("report/answers/failure_after_change.sql"))
    assert answer == [{"customer_failures_after_change": 1, "customer_failures": 3}]
    from_view = rows(
        con,
        "select count(*) filter (where change_rank = 1) as customer_failures_after_change,"
        " count(*) filter (where coalesce(change_rank, 1) = 1) as customer_failures"
        " from v_failure_after_change where attribution = 'customer'",
    )
    assert answer == from_view
    # a change exactly six hours before a failure counts, one at the same instant does not
    add_run(con, "r90", "acme", "Edge", "failed", ts("05 08:00"), ts("05 08:10"), "customer")
    add_run(con, "r91", "acme", "Edge", "failed", ts("06 08:00"), ts("06 08:10"), "customer")
    try:
        for eid, at in (("e90", "05 02:00"), ("e91", "06 08:00")):
            add_event(con, eid, "acme", "acme", at, ":amperity.database/updated", "Wei Chen",
                      "google-apps|wei@acme.com", "db-1", "Customer_360")  # fmt: skip
        answer = rows(con, read_sql("report/answers/failure_after_change.sql"))
        assert answer == [{"customer_failures_after_change": 2, "customer_failures": 5}]
    finally:
        con.execute("delete from audit_events where event_id in ('e90', 'e91')")
        con.execute("delete from workflow_runs where id in ('r90', 'r91')")


def test_a_recovery_after_a_further_change_is_a_fix_and_without_one_transient(con):
    got = {
        r["workflow_id"]: (r["recovery_kind"], r["fix_event_id"], r["fixed_by"])
        for r in rows(con, "select * from v_failure_after_change where coalesce(change_rank, 1) = 1")
    }  # fmt: skip
    assert got["r02"] == ("fixed_after_change", "e2", "Wei Chen")  # e2 between r02 and r03
    assert got["r04"] == ("transient", None, None)  # r05 came with no change
    assert got["r08"] == ("transient", None, None)  # r09 the next day, nothing changed
    assert got["r06"][0] == got["r11"][0] == "unrecovered"
    assert got["r12"][0] == "transient"  # beta has no audit events


def test_stopped_runs_tell_users_the_guard_and_the_platform_apart(con):
    got = {
        r["workflow_id"]: (r["stopped_by"], r["stop_requested_by"], r["stop_event_id"])
        for r in rows(con, "select * from v_stopped_runs")
    }
    assert got == {
        "r10": ("user", "Maria Garcia", "e4"),
        "r16": ("guard", "runaway guard, rule p95x3", None),
        "r17": ("platform", None, None),
    }


def test_flakiness_counts_failures_the_next_run_fixed_with_nothing_changed(con):
    got = {
        (r["tenant"], r["workflow_name"]): (r["decided_runs"], r["failures"], r["flaky_failures"], r["flakiness_score"])
        for r in rows(con, "select * from v_flaky_workflows where tenant in ('acme', 'beta')")
    }  # fmt: skip
    assert got == {
        # r02 fixed by e2 (not flaky), r04 flaky (r05 next), r06 has no next run yet
        ("acme", "Daily Stitch"): (6, 3, 1, pytest.approx(1 / 6)),
        ("acme", "Send Campaign"): (3, 2, 1, pytest.approx(1 / 3)),  # r08 -> r09; r16/r17 skipped
        ("beta", "Daily Stitch"): (2, 1, 1, 0.5),
        ("beta", "Hourly Stitch"): (1, 1, 0, 0.0),
        ("beta", "Nightly Export"): (1, 0, 0, 0.0),
    }


def test_task_type_flakiness_counts_failed_tasks_of_flaky_runs(con):
    got = {
        (r["task_definition_type"], r["execution_type"]): (r["terminal_tasks"], r["failed_tasks"], r["flaky_task_failures"])
        for r in rows(con, "select * from v_flaky_task_types")
    }  # fmt: skip
    # stitch/spark-sql finished: t01a t02a t02c t03a t04a t06a t12a t14a; failed t02c t04a t12a
    # t14a;
    # flaky runs r04 and r12 (r02 was fixed by a change, r14 never recovered)
    assert got[("stitch.run", "spark-sql")] == (8, 4, 2)
    assert got[("campaign.append-results", "prodigal")] == (1, 1, 1)  # t08a of flaky r08


def test_error_families_first_seen_in_the_last_week_are_new(con):
    got = {
        (r["tenant"], r["attribution"], r["first_run_id"]): r["is_new"]
        for r in rows(con, "select * from v_error_family_first_seen where tenant in ('acme', 'beta')")
    }  # fmt: skip
    # as_of 06-08 12:00: new means first seen from 06-01 12:00
    assert got == {
        ("acme", "customer", "r02"): False,
        ("acme", "platform", "r04"): True,
        ("acme", "platform", "r08"): False,
        ("acme", "unattributed", "r11"): True,
        ("beta", "customer", "r12"): False,
        ("beta", "platform", "r14"): True,
    }


def test_a_workflow_twice_as_slow_as_its_baseline_is_a_regression_and_a_small_drift_is_not(con):
    got = {
        r["workflow_name"]: (r["baseline_runs"], r["recent_runs"], r["slowdown_ratio"], r["is_regression"])
        for r in rows(con, "select * from v_runtime_regression where tenant = 'delta'")
    }  # fmt: skip
    assert got == {
        "Slow one": (10, 3, pytest.approx(2.0), True),
        "Steady": (10, 3, pytest.approx(1.1), False),
    }


def test_failure_streaks_count_failures_since_the_last_success(con):
    got = {
        (r["tenant"], r["workflow_name"]): (r["current_streak"], r["streak_first_run_id"])
        for r in rows(con, "select * from v_failure_streaks where tenant in ('acme', 'beta', 'gamma')")
    }  # fmt: skip
    assert got == {
        ("acme", "Daily Stitch"): (1, "r06"),
        ("acme", "Send Campaign"): (1, "r11"),
        ("beta", "Hourly Stitch"): (1, "r14"),
        ("gamma", "A"): (2, "g1"),
        ("gamma", "B"): (1, "g2"),
        ("gamma", "C"): (1, "g3"),
    }


def test_platform_failures_of_three_workflows_close_together_are_an_incident(con):
    got = [
        (r["incident_id"], r["platform_failures"], r["workflows_affected"], r["is_incident"])
        for r in rows(con, "select * from v_platform_incidents where tenant = 'gamma' order by started_at")
    ]  # fmt: skip
    assert got == [("g1", 3, 3, True), ("g4", 1, 1, False)]
