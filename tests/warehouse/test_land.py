"""Landing fetched records: upserts into raw, rejections with reasons, resolution, idempotence."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.warehouse.builders import fetched, later, rows, run, snapshot, task
from wf_etl.planning import Listing, plan_fetches
from wf_etl.warehouse import LandResult, land_raw, refresh_model
from wf_etl.warehouse import land as land_module

GOOD = run("wf-good-1")
TRUNCATED = json.dumps(run("wf-trunc"))[:-40]


def bad_batch() -> list:
    """One record per rejection rule, and two good records in the same batch."""
    return [
        fetched(GOOD),
        fetched("<html>502 Bad Gateway</html>", run_id="wf-notjson"),
        fetched(TRUNCATED, run_id="wf-trunc"),
        fetched(json.dumps(run("x", id=None)), run_id="wf-noid"),
        fetched(json.dumps(run("wf-other")), run_id="wf-asked"),
        fetched(run("wf-badts", created_at="2024-13-45T99")),
        fetched(run("wf-badend", ended_at="yesterday")),
        fetched(run("wf-nostate", state=None)),
        fetched(run("wf-tasksobj", tasks={"id": "t"})),
        fetched(run("wf-tasknoid", tasks=[task("t-ok"), {"label": "no id"}])),
        fetched(run("wf-taskscalar", tasks=[42])),
        fetched(run("wf-abc", tasks=[task("t-abc", timeout_ms="abc")])),
        fetched(run("wf-warn", warn_after_ms=True)),
        fetched(run("wf-taskend", tasks=[task("t-1"), task("t-2", ended_at="soon")])),
        fetched(run("wf-taskzone", tasks=[task("t-z", created_at="2024-06-03T10:00 CET")])),
        fetched(run("wf-taskchg", tasks=[task("t-c", state_changed_at="infinity")])),
        fetched(None, run_id="wf-404", error="404 Not Found for run wf-404 (request_id r-1)"),
        fetched(json.dumps([1, 2]), run_id="wf-array"),
        fetched(run("wf-good-2", tasks=[task("t-str", timeout_ms="3600000")], warn_after_ms="60")),
    ]


# run id -> fragments the reason must contain: the run, the field and the value.
EXPECTED_REASONS = {
    "wf-notjson": ["run wf-notjson", "not valid JSON", "<html>502 Bad Gateway</html>"],
    "wf-trunc": ["run wf-trunc", "not valid JSON"],
    "wf-noid": ["run wf-noid", "id is missing"],
    "wf-asked": ["run wf-other", "id 'wf-other' differs from the requested run id"],
    "wf-badts": ["run wf-badts", "created_at '2024-13-45T99' is not a timestamp"],
    "wf-badend": ["run wf-badend", "ended_at 'yesterday' is not a timestamp"],
    "wf-nostate": ["run wf-nostate", "state is missing"],
    "wf-tasksobj": ["run wf-tasksobj", "task_instances is a JSON OBJECT, not an array"],
    "wf-tasknoid": ["run wf-tasknoid", "task_instances[1] has no id"],
    "wf-taskscalar": ["run wf-taskscalar", "task_instances[0] is not an object: 42"],
    "wf-abc": ["run wf-abc", "task t-abc timeout_ms 'abc' is not an integer"],
    "wf-warn": ["run wf-warn", "warn_after_ms 'true' is not an integer"],
    "wf-taskend": ["run wf-taskend", "task t-2 ended_at 'soon' is not a timestamp"],
    "wf-taskzone": ["task t-z created_at '2024-06-03T10:00 CET' is not a timestamp"],
    "wf-taskchg": ["task t-c state_changed_at 'infinity' is not a timestamp"],
    "wf-404": ["run wf-404", "fetch failed: 404 Not Found for run wf-404"],
    "wf-array": ["run wf-array", "body is a JSON ARRAY, not an object"],
}


def test_each_bad_record_is_rejected_with_its_field_and_value_while_good_ones_load(con):
    batch = bad_batch()
    result = land_raw(con, batch)

    assert (result.landed, result.rejected, result.resolved) == (2, 17, 0)
    assert rows(con, "select id from raw_workflow_runs order by id") == [
        ("wf-good-1",),
        ("wf-good-2",),
    ]
    rejected = rows(con, "select coalesce(workflow_id, '?'), reason, payload from rejected_records")
    assert len(rejected) == len(EXPECTED_REASONS)
    reason_by_run = {}
    for workflow_id, reason, payload in rejected:
        key = "wf-asked" if workflow_id == "wf-other" else workflow_id
        reason_by_run[key] = reason
        sent = next(r.body for r in batch if r.run_id == key)
        assert payload == sent  # the text exactly as received
    for run_id, fragments in EXPECTED_REASONS.items():
        for fragment in fragments:
            assert fragment in reason_by_run[run_id], (run_id, reason_by_run[run_id])
    assert len(result.rejected_reasons) == len(EXPECTED_REASONS)


def test_numeric_strings_are_schema_drift_and_load(con):
    land_raw(
        con,
        [fetched(run("wf-s", warn_after_ms="1800000", tasks=[task("t", timeout_ms="3600000")]))],
    )
    refresh_model(con)
    assert rows(con, "select warn_after_ms from workflow_runs") == [(1_800_000,)]
    assert rows(con, "select timeout_ms from task_instances") == [(3_600_000,)]


def test_an_unknown_field_stays_in_the_raw_payload(con):
    land_raw(con, [fetched(run("wf-new", brand_new_field={"rollout": 7}))])
    assert rows(con, "select payload ->> '$.brand_new_field.rollout' from raw_workflow_runs") == [
        ("7",)
    ]


def test_an_older_fetch_never_overwrites_a_newer_one(con):
    land_raw(con, [fetched(run("wf-o", state="succeeded"), at=later(10))])
    result = land_raw(con, [fetched(run("wf-o", state="running", ended_at=None), at=later(1))])
    assert (result.landed, result.skipped) == (0, 1)
    assert rows(con, "select state, fetched_at from raw_workflow_runs") == [
        ("succeeded", later(10))
    ]


def test_within_one_batch_the_latest_fetch_wins(con):
    land_raw(
        con,
        [
            fetched(run("wf-b", state="succeeded"), at=later(9)),
            fetched(run("wf-b", state="running", ended_at=None), at=later(2)),
        ],
    )
    assert rows(con, "select state from raw_workflow_runs") == [("succeeded",)]


def test_landing_the_same_records_twice_leaves_identical_tables(con):
    land_raw(con, bad_batch())
    refresh_model(con)
    first = snapshot(con)
    rejections = rows(con, "select count(*) from rejected_records")
    land_raw(con, bad_batch())
    refresh_model(con)
    assert snapshot(con) == first
    assert rows(con, "select count(*) from rejected_records") == rejections


def test_a_rejection_is_resolved_when_a_good_record_for_the_run_lands_later(con):
    land_raw(con, [fetched("{not json", run_id="wf-late", at=later(0))])
    assert rows(con, "select resolved_at from rejected_records") == [(None,)]
    result = land_raw(con, [fetched(run("wf-late"), at=later(5))])
    assert (result.landed, result.resolved) == (1, 1)
    assert rows(con, "select resolved_at is not null from rejected_records") == [(True,)]


def test_a_failing_land_leaves_raw_and_rejections_as_they_were(con, monkeypatch):
    land_raw(con, [fetched(run("wf-k", state="running", ended_at=None), at=later(0))])
    before = snapshot(con), rows(con, "select * from rejected_records")
    real_count = land_module.row_count

    def fail_on_rejections(connection, relative):
        if relative.endswith("30_rejected_records.sql"):  # after raw was upserted
            raise RuntimeError("forced failure")
        return real_count(connection, relative)

    monkeypatch.setattr(land_module, "row_count", fail_on_rejections)
    with pytest.raises(RuntimeError):
        land_raw(con, [fetched(run("wf-k"), at=later(5)), fetched("nope", run_id="wf-j")])
    assert (snapshot(con), rows(con, "select * from rejected_records")) == before


def _plan(con, tenant: str, listed: list[str], **kwargs) -> tuple[list[str], tuple[int, ...]]:
    listing = Listing(con)
    for run_id in listed:
        listing.add(run_id)
    listing.flush()
    plan = plan_fetches(con, tenant, **kwargs)
    return list(plan), (plan.listed, plan.settled, plan.in_flight, plan.rejected, len(plan))


def test_a_plan_skips_terminal_runs_and_adds_runs_in_flight_and_rejected(con):
    land_raw(
        con,
        [
            fetched(run("wf-done", state="Succeeded")),
            fetched(run("wf-stopped", state="Stopped")),
            fetched(run("wf-busy", state="In progress", created_at="2024-06-03T09:00:00Z")),
            fetched(run("wf-sched", state="Scheduled", created_at="2024-06-03T08:00:00Z")),
            fetched("<html>502</html>", run_id="wf-rejected"),
            fetched(None, run_id="wf-gone", error="HTTP 404 from GET /workflow/runs/wf-gone"),
        ],
    )
    # answered badly later: rejected, yet terminal from its earlier answer
    land_raw(con, [fetched("nope", run_id="wf-done", at=later(5))])
    end = datetime(2024, 6, 4, tzinfo=UTC)
    listed = ["wf-done", "wf-stopped", "wf-busy", "wf-unknown", "wf-busy"]
    # listed and not final, in listing order; in flight from before; rejected, 404s left alone
    assert _plan(con, "acme", listed, window_end=end) == (
        ["wf-busy", "wf-unknown", "wf-sched", "wf-done", "wf-rejected"],
        (4, 2, 1, 2, 5),
    )
    early = datetime(2024, 6, 3, 8, tzinfo=UTC)  # wf-sched starts at the window's end
    assert _plan(con, "acme", listed, window_end=early)[0] == [
        "wf-busy", "wf-unknown", "wf-done", "wf-rejected"
    ]  # fmt: skip
    assert _plan(con, "acme", listed, window_end=end, refresh_in_flight=False) == (
        ["wf-busy", "wf-unknown"],
        (4, 2, 0, 0, 2),
    )
    assert _plan(con, "other-tenant", listed, window_end=end) == (
        ["wf-done", "wf-stopped", "wf-busy", "wf-unknown"],
        (4, 0, 0, 0, 4),
    )


def test_an_empty_batch_does_nothing(con):
    assert land_raw(con, []) == LandResult(landed=0, rejected=0, resolved=0)
