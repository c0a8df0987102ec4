"""Flattening raw records into workflow_runs, task_instances and workflow_errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.warehouse.builders import fetched, later, rows, run, snapshot, task
from wf_etl.warehouse import ModelResult, land_raw, rebuild_model, refresh_model
from wf_etl.warehouse import model as model_module


def failed_run() -> dict:
    return run(
        "wf-20240603-12345-MNabc",
        state="Failed",
        created_at="2024-06-03T10:00:00.000Z",
        ended_at="2024-06-03T10:05:30.250Z",
        warn_after_ms=300000,
        launched_version="etv-1",
        current_version="etv-2",
        error={
            "attribution": "customer",
            "type": "amperity.workflow.task.stitch/table",
            "message": "Found table in an invalid state:\nloyalty_members.",
            "data": {"table": "loyalty_members"},
        },
        tasks=[
            task("wft-1", created_at="2024-06-03T10:00:01Z", ended_at="2024-06-03T10:00:31Z"),
            task(
                "wft-2",
                state="Failed",
                timeout_ms=100000,
                created_at="2024-06-03T10:00:31.000Z",
                ended_at="2024-06-03T10:02:31.500Z",
                error={"attribution": "Platform", "type": "amperity.spark.oom", "data": None},
            ),
        ],
    )


def test_first_land_and_refresh_give_the_expected_rows(con):
    land_raw(con, [fetched(failed_run())])
    assert refresh_model(con) == ModelResult(runs=1, tasks=2, errors=2)

    [r] = rows(
        con,
        "select state, state_raw, is_terminal, runtime_ms, exceeded_warn_after, is_automated,"
        " config_changed, error_attribution, error_type, task_count, failed_task_count"
        " from workflow_runs",
    )
    # 10:00:00.000 -> 10:05:30.250 is 5 min 30.25 s = 330,250 ms, over the 300,000 ms warning.
    assert r == (
        "failed", "Failed", True, 330_250, True, True, True,
        "customer", "amperity.workflow.task.stitch/table", 2, 1,
    )  # fmt: skip
    assert rows(
        con,
        "select id, ordinal, state, runtime_ms, timeout_ms, exceeded_timeout, error_attribution"
        " from task_instances order by ordinal",
    ) == [
        ("wft-1", 1, "succeeded", 30_000, 600_000, False, None),
        ("wft-2", 2, "failed", 120_500, 100_000, True, "platform"),
    ]
    assert rows(
        con,
        "select scope, task_instance_id, attribution, type_family, data, occurred_at"
        " from workflow_errors order by scope desc",
    ) == [
        (
            "workflow", None, "customer", "amperity.workflow.task.stitch",
            json.dumps({"table": "loyalty_members"}, separators=(",", ":")),
            datetime(2024, 6, 3, 10, 5, 30, 250000, tzinfo=UTC),
        ),
        (
            "task", "wft-2", "platform", "amperity.spark.oom", None,
            datetime(2024, 6, 3, 10, 2, 31, 500000, tzinfo=UTC),
        ),
    ]  # fmt: skip


def test_states_are_canonical_whatever_the_casing(con):
    land_raw(
        con,
        [
            fetched(run("wf-a", state="In progress", ended_at=None)),
            fetched(run("wf-b", state="RUNNING WITH FAILURES", ended_at=None)),
            fetched(run("wf-c", state="Cancelled", tasks=[task("t-c", state="In-Progress")])),
        ],
    )
    refresh_model(con)
    assert rows(con, "select id, state, is_terminal from raw_workflow_runs order by id") == [
        ("wf-a", "in_progress", False),
        ("wf-b", "running_with_failures", False),
        ("wf-c", "cancelled", True),
    ]
    assert rows(con, "select state, is_terminal from workflow_runs where id = 'wf-c'") == [
        ("cancelled", True)
    ]
    assert rows(
        con, "select state, state_raw, is_terminal from task_instances where id = 't-c'"
    ) == [("in_progress", "In-Progress", False)]


def test_a_running_run_has_no_end_and_no_runtime(con):
    land_raw(con, [fetched(run("wf-r", state="Started", ended_at=None, warn_after_ms=1))])
    refresh_model(con)
    assert rows(con, "select ended_at, runtime_ms, exceeded_warn_after from workflow_runs") == [
        (None, None, None)
    ]


def test_an_end_before_the_start_keeps_ended_at_but_no_runtime(con):
    body = run("wf-n", created_at="2024-06-03T10:00:00Z", ended_at="2024-06-03T09:59:00Z")
    land_raw(con, [fetched(body)])
    refresh_model(con)
    assert rows(con, "select ended_at, runtime_ms from workflow_runs") == [
        (datetime(2024, 6, 3, 9, 59, tzinfo=UTC), None)
    ]


def test_a_newer_version_updates_the_run_and_adds_its_new_tasks_once(con):
    first = run("wf-u", state="In progress", ended_at=None, tasks=[task("t-1", ended_at=None)])
    second = run("wf-u", state="Succeeded", tasks=[task("t-1"), task("t-2")])
    land_raw(con, [fetched(first, at=later(0))])
    refresh_model(con)
    land_raw(con, [fetched(second, at=later(5))])
    assert refresh_model(con) == ModelResult(runs=1, tasks=2, errors=0)
    assert rows(con, "select state, task_count from workflow_runs") == [("succeeded", 2)]
    assert rows(con, "select id, ordinal, runtime_ms from task_instances order by id") == [
        ("t-1", 1, 1000),
        ("t-2", 2, 1000),
    ]


def test_a_refresh_sees_every_run_of_a_batch_fetched_again_at_one_instant(con):
    # a sync fetches a batch at one instant: the check that lets a refresh skip its join
    # must tell the model from raw when every run moved to the same newer fetched_at
    ids = ["wf-a", "wf-b"]
    land_raw(con, [fetched(run(i, state="In progress", ended_at=None), at=later(0)) for i in ids])
    refresh_model(con)
    land_raw(con, [fetched(run(i, state="Stopped"), at=later(5)) for i in ids])
    assert refresh_model(con).runs == 2
    assert rows(con, "select id, state from workflow_runs order by id") == [
        ("wf-a", "stopped"),
        ("wf-b", "stopped"),
    ]
    assert refresh_model(con) == ModelResult(runs=0, tasks=0, errors=0)


def test_a_task_listed_twice_keeps_its_first_position(con):
    body = run("wf-d", tasks=[task("t-x", label="first"), task("t-y"), task("t-x", label="again")])
    land_raw(con, [fetched(body)])
    refresh_model(con)
    assert rows(con, "select id, ordinal, label from task_instances order by ordinal") == [
        ("t-x", 1, "first"),
        ("t-y", 2, "Updating t-y"),
    ]
    assert rows(con, "select task_count from workflow_runs") == [(2,)]


def test_automation_and_config_change_follow_the_documented_rules(con):
    land_raw(
        con,
        [
            fetched(run("wf-h", principal_name="Justin Scott", principal_email="j@x.com")),
            fetched(run("wf-none", principal_name=None, principal_id=None, current_version=None)),
        ],
    )
    refresh_model(con)
    assert rows(con, "select id, is_automated, config_changed from workflow_runs order by id") == [
        ("wf-h", False, False),
        ("wf-none", None, None),
    ]


def test_a_run_just_before_midnight_utc_keeps_its_instant_in_any_session_timezone(con):
    con.execute("set TimeZone = 'America/Los_Angeles'")
    land_raw(
        con,
        [
            fetched(run("wf-m", created_at="2024-06-03T23:59:59.999Z", ended_at=None)),
            fetched(run("wf-o", created_at="2024-06-04T01:00:00+02:00", ended_at=None)),
            fetched(run("wf-z", created_at="2024-06-03T23:00:00", ended_at=None)),  # no offset: UTC
        ],
    )
    refresh_model(con)
    got = dict(rows(con, "select id, created_at from workflow_runs"))
    assert got == {
        "wf-m": datetime(2024, 6, 3, 23, 59, 59, 999000, tzinfo=UTC),
        "wf-o": datetime(2024, 6, 3, 23, 0, tzinfo=UTC),
        "wf-z": datetime(2024, 6, 3, 23, 0, tzinfo=UTC),
    }
    con.execute("set TimeZone = 'UTC'")
    assert rows(con, "select distinct created_at::date::varchar from workflow_runs") == [
        ("2024-06-03",)
    ]


def test_a_failing_refresh_leaves_the_tables_intact_and_the_next_one_catches_up(con, monkeypatch):
    land_raw(con, [fetched(run("wf-f", state="Running", ended_at=None), at=later(0))])
    refresh_model(con)
    land_raw(con, [fetched(run("wf-f", tasks=[task("t-1"), task("t-2")]), at=later(5))])
    before = snapshot(con)

    real_count = model_module.row_count

    def fail_at_tasks(connection, relative):
        if relative.endswith("40_task_instances.sql"):  # after workflow_runs was rewritten
            raise RuntimeError("forced failure half-way through the refresh")
        return real_count(connection, relative)

    monkeypatch.setattr(model_module, "row_count", fail_at_tasks)
    with pytest.raises(RuntimeError, match="forced failure"):
        refresh_model(con)
    assert snapshot(con) == before

    monkeypatch.undo()
    assert refresh_model(con) == ModelResult(runs=1, tasks=2, errors=0)
    assert rows(con, "select state from workflow_runs") == [("succeeded",)]


def test_rebuild_gives_what_the_refreshes_gave(con):
    land_raw(con, [fetched(failed_run(), at=later(0)), fetched(run("wf-2"), at=later(0))])
    refresh_model(con)
    land_raw(con, [fetched(run("wf-2", state="failed", tasks=[]), at=later(9))])
    refresh_model(con)
    refreshed = snapshot(con)
    con.execute("delete from task_instances where workflow_id = 'wf-2'")
    con.execute("insert into workflow_runs (id, tenant) values ('wf-orphan', 'acme')")

    assert rebuild_model(con) == ModelResult(runs=2, tasks=2, errors=2)
    assert snapshot(con) == refreshed
