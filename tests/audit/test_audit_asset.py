"""The audit asset materialised for real: simulator over HTTP into a temporary DuckDB file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.audit.conftest import all_events
from tests.conftest import SIM_NOW
from wf_etl.defs.audit import build_audit_assets
from wf_etl.defs.partitions import daily_partitions
from wf_etl.defs.resources import resources_from_env
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.warehouse import apply_schema, audit_land

DAY = "2026-06-09"
pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks


def materialise(db: Path, partition: str = DAY) -> dg.ExecuteInProcessResult:
    assets = build_audit_assets(daily_partitions("2026-06-01"))
    return dg.materialize(
        assets, partition_key=partition, resources=resources_from_env(duckdb_path=str(db))
    )


def rows(db: Path, sql: str) -> list[tuple]:
    """Read the working database behind `db`, where the asset lands (the writer's file)."""
    with duckdb.connect(StorageLayout.beside(str(db)).working_path, read_only=True) as con:
        return con.execute(sql).fetchall()


def day_events(sim: Simulator) -> list[dict]:
    return all_events(sim, happened_from=DAY, happened_to="2026-06-10")


def test_a_partition_lands_its_days_events_once_however_often_it_runs(
    sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    expected = {e["event_id"] for e in day_events(sim)}
    assert len(expected) >= 3
    first = materialise(db)
    assert first.success
    assert {r[0] for r in rows(db, "select event_id from raw_audit_events")} == expected
    assert materialise(db).success
    assert rows(db, "select count(*), count(distinct event_id) from audit_events")[0] == (
        len(expected),
        len(expected),
    )
    meta = first.asset_materializations_for_node("land_audit_events")[0].metadata
    assert meta["listed"].value == len(expected)
    assert meta["dagster/row_count"].value == len(expected)


def test_unreadable_events_are_rejected_with_a_reason_and_healed_by_a_later_fetch(
    sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    sim.faults.set("missing_fields", endpoints={"audit"}, count=1)
    assert materialise(db).success
    rejected = rows(db, "select source, reason, resolved_at from rejected_records")
    assert len(rejected) == 1
    source, reason, resolved = rejected[0]
    assert source == "audit:api" and resolved is None
    assert reason.startswith("audit event ") and ("event_id" in reason or "happened_at" in reason)
    sim.faults.clear()
    assert materialise(db).success
    assert rows(db, "select count(*) from raw_audit_events")[0][0] == len(day_events(sim))
    if "happened_at" in reason:  # the event's id was readable, so the later fetch heals it
        assert rows(db, "select count(*) from rejected_records where resolved_at is null") == [(0,)]


def test_principal_email_and_origin_ip_are_digests_when_hashing_is_on(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WF_ETL_HASH_PRINCIPAL_EMAILS", "1")
    db = tmp_path / "wh.duckdb"
    assert materialise(db).success
    events = day_events(sim)
    emails = {e["principal_email"] for e in events}
    ips = {e["origin_ip"] for e in events}
    stored = rows(db, "select principal_email, origin_ip, principal_id from audit_events")
    assert all(email.startswith("sha256:") and ip.startswith("sha256:") for email, ip, _ in stored)
    assert all("@" not in pid for *_, pid in stored)
    text = " ".join(str(v) for (v,) in rows(db, "select payload from raw_audit_events"))
    assert not any(secret in text for secret in emails | ips)


def test_the_partition_of_today_stops_at_now(sim: Simulator, tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    assert materialise(db, SIM_NOW.date().isoformat()).success
    latest = rows(db, "select max(happened_at) from audit_events")[0][0]
    assert latest is None or latest <= SIM_NOW


def test_the_modelled_check_passes_after_a_landing(sim: Simulator, tmp_path: Path) -> None:
    from wf_etl.defs.checks import build_checks

    checks = [c for c in build_checks() if "audit_events_modelled" in str(c.check_keys)]
    assets = build_audit_assets(daily_partitions("2026-06-01"))
    result = dg.materialize(
        [*assets, *checks],
        partition_key=DAY,
        resources=resources_from_env(duckdb_path=str(tmp_path / "wh.duckdb")),
    )
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == "audit_events_modelled" and evaluation.passed


def test_events_landed_a_few_per_transaction_give_the_tables_one_transaction_gives(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window's events land in batches (a month's took +92 MB in one transaction); where a
    batch ends changes no row."""
    tables = "select * exclude (fetched_at) from {} order by event_id"
    assert materialise(tmp_path / "one.duckdb").success
    monkeypatch.setattr(audit_land, "AUDIT_BATCH_EVENTS", 2)
    batched = materialise(tmp_path / "batched.duckdb")
    assert batched.success
    assert len(day_events(sim)) > 2 * audit_land.AUDIT_BATCH_EVENTS
    for table in ("raw_audit_events", "audit_events"):
        one = rows(tmp_path / "one.duckdb", tables.format(table))
        assert rows(tmp_path / "batched.duckdb", tables.format(table)) == one
        assert len(one) == len(day_events(sim))
    meta = batched.asset_materializations_for_node("land_audit_events")[0].metadata
    assert meta["dagster/row_count"].value == len(day_events(sim))


def test_events_are_landed_while_later_ones_are_still_unread(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The landing reads its events a batch at a time (the asset streams them from a spool
    file), so a year of audit events is never held whole: when an event is read, every batch
    before its own is already in raw_audit_events."""
    monkeypatch.setattr(audit_land, "AUDIT_BATCH_EVENTS", 2)
    events = day_events(sim)
    assert len(events) > 4
    landed_when_read: list[int] = []
    with duckdb.connect(str(tmp_path / "wh.duckdb")) as con:
        apply_schema(con)

        def stream():
            for event in events:
                (n,) = con.cursor().execute("select count(*) from raw_audit_events").fetchone()
                landed_when_read.append(n)
                yield event

        result = audit_land.land_audit_events(con, "acme", stream(), SIM_NOW)
    assert result.landed == len(events)
    assert landed_when_read == [2 * (i // 2) for i in range(len(events))]
