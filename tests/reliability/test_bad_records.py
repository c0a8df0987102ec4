"""Run records of any shape: landing and flattening never crash, and nothing goes missing.

Hypothesis writes the records: known fields missing, null, of the wrong type or spelled oddly,
unknown and nested fields, huge strings, odd unicode, timestamps in odd formats and offsets,
and text that is not JSON at all. Each batch goes through the real landing and model SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wf_etl.defs.checks import CHECKS
from wf_etl.sql_files import read_sql
from wf_etl.warehouse import FetchedRecord, apply_schema, land_raw, refresh_model
from wf_etl.warehouse.principals import hash_principal_email

T0 = datetime(2026, 6, 1, tzinfo=UTC)
TABLES = ("raw_workflow_runs", "rejected_records", "workflow_runs", "task_instances")
INTEGRITY_CHECKS = [name for name, _, severity, _ in CHECKS if severity.value == "ERROR"]

odd_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["", " ", "\u0000", "\u202e\u0645\u0631\u062d\u0628\u0627", "🦆" * 30, "NaN"])
huge_text = st.integers(10_000, 100_000).map(lambda n: "é" * n)
offsets = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-23 * 60, 23 * 60)
)
instants = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
)
timestamps = st.one_of(
    instants.map(lambda t: t.isoformat()),
    instants.map(lambda t: t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
    instants.map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S%z")),
    instants.map(lambda t: t.replace(tzinfo=None).isoformat()),
    instants.map(lambda t: t.date().isoformat()),
    instants.map(lambda t: int(t.timestamp() * 1000)),
    st.sampled_from(["2024-13-45T99:61:00Z", "yesterday", "2024-06-03T10:00:00 +05:30", "0"]),
    odd_text,
)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | odd_text
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
    max_leaves=12,
)
numbers = st.one_of(
    st.integers(-(2**70), 2**70), st.integers(0, 10**9).map(str), st.floats(), odd_text, json_values
)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field's value, or null, or a value of any other JSON type."""
    return st.one_of(value, st.none(), json_values)


task = st.fixed_dictionaries(
    {},
    optional={
        "id": maybe(st.from_regex(r"wft-[a-z0-9]{1,8}", fullmatch=True)),
        "label": maybe(odd_text | huge_text),
        "state": maybe(st.sampled_from(["Succeeded", "failed", "In progress", "running"])),
        "timeout_ms": maybe(numbers),
        "created_at": maybe(timestamps),
        "ended_at": maybe(timestamps),
        "error": maybe(st.fixed_dictionaries({"attribution": odd_text, "type": odd_text})),
        "unknown_nested": json_values,
    },
)
run = st.fixed_dictionaries(
    {},
    optional={
        "id": maybe(st.from_regex(r"wf-[a-z0-9]{1,10}", fullmatch=True) | odd_text),
        "tenant": maybe(st.sampled_from(["acme", "globex"])),
        "name": maybe(odd_text | huge_text),
        "state": maybe(
            st.sampled_from(["succeeded", "Failed", "Running with failures"]) | odd_text
        ),
        "created_at": maybe(timestamps),
        "ended_at": maybe(timestamps),
        "warn_after_ms": maybe(numbers),
        "principal_email": maybe(st.emails()),
        "task_instances": maybe(st.lists(task | json_values, max_size=5)),
        "error": maybe(
            st.fixed_dictionaries({"message": odd_text | huge_text, "data": json_values})
        ),
        "some_new_field": json_values,
    },
)
bodies = st.one_of(
    run.map(json.dumps),
    run.map(lambda r: json.dumps(r, ensure_ascii=False)),
    run.map(lambda r: json.dumps(r)[: len(json.dumps(r)) // 2]),  # truncated
    json_values.map(json.dumps),
    odd_text,
    st.none(),
)


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    apply_schema(connection)
    yield connection
    connection.close()


# A landing costs a few tens of ms whatever its size, so examples are batches of many records.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(bodies, min_size=1, max_size=30))
def test_every_record_of_any_shape_is_loaded_or_rejected_with_a_reason(
    con: duckdb.DuckDBPyConnection, batch: list[str | None]
) -> None:
    for table in TABLES:
        con.execute(f"delete from {table}")
    con.execute("delete from workflow_errors")
    records = [
        FetchedRecord(tenant="acme", fetched_at=T0 + timedelta(seconds=i), body=body)
        for i, body in enumerate(batch)
    ]

    landed = land_raw(con, records)
    model = refresh_model(con)

    assert landed.landed + landed.skipped + landed.rejected == len(batch)
    reasons = [r for (r,) in con.execute("select reason from rejected_records").fetchall()]
    assert len(reasons) == landed.rejected and all(r and ": " in r for r in reasons)
    (raw_runs,) = con.execute("select count(*) from raw_workflow_runs").fetchone()
    assert model.runs == raw_runs  # every loaded run is flattened
    for name in INTEGRITY_CHECKS:
        (failures, sample) = con.execute(read_sql(f"checks/{name}.sql")).fetchone()
        assert failures == 0, (name, sample)


@settings(max_examples=100, deadline=None)
@given(email=st.emails(), body=run)
def test_hashing_never_fails_and_leaves_no_address(email: str, body: dict[str, Any]) -> None:
    body.update(principal_email=email, principal_id=f"google-apps|{email}")
    whole, raw = json.dumps(body), json.dumps(body, ensure_ascii=False)
    for text in (whole, raw, whole[: len(whole) // 2], raw[: len(raw) // 2]):
        hashed = hash_principal_email(text)
        assert hashed is not None and f"|{email}" not in hashed
        assert f'"{email}"' not in hashed


spellings = st.sampled_from(
    [
        lambda t: t.isoformat(),
        lambda t: t.isoformat(sep=" "),
        # ISO 8601 years have four digits; strftime's %Y writes year 999 as "999"
        lambda t: f"{t.year:04d}" + t.strftime("-%m-%dT%H:%M:%S.%f%z"),
        lambda t: t.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z",
        lambda t: t.astimezone(UTC).replace(tzinfo=None).isoformat(),
    ]
)


@settings(max_examples=20, deadline=None)
@given(moments=st.lists(st.tuples(instants, spellings), min_size=1, max_size=25))
def test_a_timestamp_with_any_offset_is_stored_as_the_instant_it_names(
    con: duckdb.DuckDBPyConnection, moments: list[tuple[datetime, Any]]
) -> None:
    con.execute("delete from raw_workflow_runs")
    records = [
        FetchedRecord(
            tenant="acme",
            fetched_at=T0,
            body=json.dumps({"id": f"wf-{i}", "state": "succeeded", "created_at": spell(moment)}),
        )
        for i, (moment, spell) in enumerate(moments)
    ]
    assert land_raw(con, records).rejected == 0
    stored = dict(con.execute("select id, created_at from raw_workflow_runs").fetchall())
    assert stored == {f"wf-{i}": moment for i, (moment, _) in enumerate(moments)}
