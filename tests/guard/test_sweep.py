"""The guard against a real simulator and a real warehouse: flag, stop once, leave ended runs."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.guard.conftest import land_history, rows, runaway_ids, stop_requests
from wf_etl.amperity import AmperityClient, ClientConfig
from wf_etl.guard import Policy, SweepReport, list_in_flight, stop_safely, sweep
from wf_etl.simulator import Simulator


def run_sweep(
    db: Path,
    sim: Simulator,
    configs: dict[str, ClientConfig],
    policy: Policy,
    *,
    stop_enabled: bool,
    dry_run: bool = False,
    **kwargs: object,
) -> SweepReport:
    con = duckdb.connect(str(db))
    try:
        return sweep(
            con,
            configs,
            policy,
            now=sim.now(),
            stop_enabled=stop_enabled,
            dry_run=dry_run,
            source="test",
            **kwargs,  # type: ignore[arg-type]
        )
    finally:
        con.close()


def outcomes(report: SweepReport) -> dict[str, str]:
    return {a.run_id: a.outcome for a in report.actions}


def test_dry_run_flags_runaways_as_would_stop_and_sends_no_stop(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:

    report = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True, dry_run=True)

    runaways = runaway_ids(guard_sim)
    assert outcomes(report) == dict.fromkeys(runaways, "would_stop")
    assert stop_requests(guard_sim) == []
    recorded = rows(warehouse)
    assert {r["run_id"] for r in recorded} == runaways
    for row in recorded:
        assert row["dry_run"] is True
        assert row["rule"] == "runaways" and row["action"] == "stop"
        assert row["runtime_ms"] > row["limit_ms"] > 0
        assert row["limit_basis"].startswith("4x p95 (p95 ")
        assert row["decided_at"] == guard_sim.now()
    # runs within their limit are decided but not acted on
    assert any(not d.over_limit and d.rule is not None for d in report.decisions)


def test_stop_switch_off_means_no_stop_even_when_the_rule_says_stop(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:
    report = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=False)

    assert set(outcomes(report).values()) == {"would_stop"}
    assert all("WF_ETL_GUARD_STOP_ENABLED" in a.detail for a in report.actions)
    assert stop_requests(guard_sim) == []


def test_enabled_stop_stops_each_runaway_once_and_records_the_request_id(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:
    runaways = runaway_ids(guard_sim)
    report = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True)

    assert outcomes(report) == dict.fromkeys(runaways, "stopped")
    sent = stop_requests(guard_sim)
    assert sorted(r.run_id for r in sent) == sorted(runaways)
    recorded = {r["run_id"]: r for r in rows(warehouse)}
    for request in sent:
        row = recorded[request.run_id]
        assert (row["outcome"], row["dry_run"], row["api_status"]) == ("stopped", False, 200)
        assert row["request_id"] == request.request_id
        assert row["state"] == "stopping"

    # the stop shows in the next sync: stopped, with the cancel error attributed to the customer
    guard_sim.advance(10)
    land_history(warehouse, guard_sim)
    con = duckdb.connect(str(warehouse))
    model = con.execute(
        "select id, state, error_attribution from workflow_runs where id in ?", [list(runaways)]
    ).fetchall()
    con.close()
    assert sorted(model) == sorted((rid, "stopped", "customer") for rid in runaways)


def test_a_second_evaluation_does_not_stop_again(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:
    run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True)
    # still "stopping", so still listed as in flight and still over its limit
    second = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True)
    third = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True)

    assert len(stop_requests(guard_sim)) == 2
    assert set(outcomes(second).values()) == {"already_stopped_by_guard"}
    assert third.recorded == 0  # the same decision again is not written again
    assert [r["outcome"] for r in rows(warehouse)].count("stopped") == 2

    guard_sim.advance(10)  # now stopped: no longer in flight at all
    fourth = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=True)
    assert fourth.actions == [] and len(stop_requests(guard_sim)) == 2


def test_a_run_that_ended_between_listing_and_stopping_is_left_alone(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:
    with AmperityClient(configs["acme"]) as client:
        snapshot = list_in_flight(client, "acme", guard_sim.now(), stop_policy.lookback_ms)
        ended, other = sorted(runaway_ids(guard_sim))
        client.stop_run(ended)  # someone else stops it after the guard listed it ...
    guard_sim.advance(10)  # ... and it has ended by the time the guard acts
    before = len(stop_requests(guard_sim))

    report = run_sweep(
        warehouse,
        guard_sim,
        configs,
        stop_policy,
        stop_enabled=True,
        snapshot={"acme": snapshot},
    )

    assert outcomes(report) == {ended: "already_ended", other: "stopped"}
    assert [r.run_id for r in stop_requests(guard_sim)[before:]] == [other]
    row = rows(warehouse, f"run_id = '{ended}'")[0]
    assert row["state"] == "stopped" and row["api_status"] == 200 and row["request_id"]


def test_a_run_that_ends_between_the_re_read_and_the_stop_is_an_outcome(
    guard_sim: Simulator, configs: dict
) -> None:
    run_id = sorted(runaway_ids(guard_sim))[0]

    def someone_else_stops_it() -> None:
        with AmperityClient(configs["acme"]) as other:
            other.stop_run(run_id)
        guard_sim.advance(10)

    with AmperityClient(configs["acme"]) as client:
        result = stop_safely(client, run_id, before_stop=someone_else_stops_it)

    assert (result.outcome, result.state, result.api_status) == ("already_ended", "stopped", 400)
    assert result.request_id and "not running" in result.detail


def test_an_unknown_run_is_a_not_found_outcome(guard_sim: Simulator, configs: dict) -> None:
    with AmperityClient(configs["acme"]) as client:
        result = stop_safely(client, "wf-20260610-00001-NoSuch")
    assert (result.outcome, result.api_status) == ("not_found", 404)
    assert result.request_id
    assert stop_requests(guard_sim) == []


def test_a_failing_tenant_is_reported_not_raised(
    guard_sim: Simulator, warehouse: Path, stop_policy: Policy
) -> None:
    bad = {"acme": ClientConfig("acme", base_url=guard_sim.base_url, api_token="wrong")}
    report = run_sweep(warehouse, guard_sim, bad, stop_policy, stop_enabled=True)
    assert report.actions == [] and len(report.failures) == 1
    assert "401" in report.failures[0] and "wrong" not in report.failures[0]


@pytest.mark.parametrize("min_runs", [10, 100_000])
def test_without_enough_history_the_p95_rule_steps_aside_for_the_next(
    guard_sim: Simulator, warehouse: Path, configs: dict, min_runs: int
) -> None:
    from wf_etl.guard import parse_policy

    policy = parse_policy(
        f"""
        [rules.by-p95]
        type = "*"
        limit = "4x p95"
        min_runs = {min_runs}
        action = "flag"

        [rules.ceiling]
        type = "*"
        limit = "2h"
        action = "flag"
        """
    )
    report = run_sweep(warehouse, guard_sim, configs, policy, stop_enabled=False)
    rules_used = {d.rule.name for d in report.decisions if d.rule}
    if min_runs == 10:
        assert rules_used == {"by-p95"}
    else:
        assert rules_used == {"ceiling"}
        assert all("not enough history" in d.notes[0] for d in report.decisions)
        assert set(outcomes(report)) == runaway_ids(guard_sim)


def test_decisions_print_the_rule_the_runtime_and_the_limit(
    guard_sim: Simulator, warehouse: Path, configs: dict, stop_policy: Policy
) -> None:
    report = run_sweep(warehouse, guard_sim, configs, stop_policy, stop_enabled=False)
    line = report.actions[0].describe()
    assert 'rule "runaways"' in line and "> limit" in line and "would stop" in line
    assert json.dumps(report.counts()) == '{"would_stop": 2}'
