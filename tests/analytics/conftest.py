# ruff: noqa: E501 - the fixture rows stay one per line, so a reader can check them by eye
"""A small hand-made warehouse: 15 runs over three UTC days, two tenants, their tasks and errors.

Every expected number in these tests is worked out by hand from the rows below (see the
comments in each test), never by running the views' SQL.

Runs (times UTC, 2024-06-DD HH:MM; runtime in minutes):
  acme "Daily Stitch" (stitch/run)
    r01 01 01:00-01:10 10m succeeded
    r02 01 02:00-02:20 20m failed   customer stitch/table  "...state:\\nloyalty_members. ..." config changed
    r03 01 03:00-03:30 30m succeeded                                                config changed
    r04 01 22:00-23:00 60m failed   platform core/timeout  "Task wft-... timed out after 3600000 ms"
                                                             exceeded warn_after
    r05 01 23:30-02 00:20 50m succeeded
    r06 02 00:30-00:40 10m failed   customer stitch/table  "...state:\\norders. ..."  config changed
    r07 03 05:00-      in_progress (config versions unknown)
  acme "Send Campaign" (campaign.send)
    r08 01 04:00-04:05 5m  failed   platform campaign/send "Destination braze_sync rejected 3 rows"
                                                             (config versions unknown)
    r09 02 06:00-06:05 5m  succeeded
    r10 02 07:00-07:01 1m  canceled
    r11 02 08:00-08:02 2m  failed   no error object
  beta "Daily Stitch" (stitch/run)
    r12 01 05:00-05:10 10m failed   customer stitch/table  "...state:\\ncustomer_360. ..."
    r13 01 05:30-05:40 10m succeeded
  beta "Hourly Stitch" (stitch/run)
    r14 02 09:00-09:30 30m failed   platform core/timeout  "Task wft-... timed out after 7200000 ms"
  beta "Nightly Export" (courier.group/run)
    r15 02 10:00-10:20 20m succeeded
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from wf_etl.analytics import apply_views
from wf_etl.sql_files import sql_files

STITCH = "amperity.workflow.task.stitch/table"
TIMEOUT = "amperity.workflow.workflow.repository.core/timeout"
SEND = "amperity.workflow.task.campaign/send"
INVALID = "Found table in an invalid state:\n{}. This error can be caused by a failed stitch."
MIN = 60_000

# id, tenant, name, type, state, created, ended, runtime_ms, exceeded_warn, config_changed,
# attribution, error_type, message
RUNS = [
    ("r01", "acme", "Daily Stitch", "stitch/run", "succeeded", "01 01:00", "01 01:10", 10, False, False, None, None, None),
    ("r02", "acme", "Daily Stitch", "stitch/run", "failed", "01 02:00", "01 02:20", 20, False, True, "customer", STITCH, INVALID.format("loyalty_members")),
    ("r03", "acme", "Daily Stitch", "stitch/run", "succeeded", "01 03:00", "01 03:30", 30, False, True, None, None, None),
    ("r04", "acme", "Daily Stitch", "stitch/run", "failed", "01 22:00", "01 23:00", 60, True, False, "platform", TIMEOUT, "Task wft-20240601-00004-XyZab timed out after 3600000 ms"),
    ("r05", "acme", "Daily Stitch", "stitch/run", "succeeded", "01 23:30", "02 00:20", 50, False, False, None, None, None),
    ("r06", "acme", "Daily Stitch", "stitch/run", "failed", "02 00:30", "02 00:40", 10, False, True, "customer", STITCH, INVALID.format("orders")),
    ("r07", "acme", "Daily Stitch", "stitch/run", "in_progress", "03 05:00", None, None, False, None, None, None, None),
    ("r08", "acme", "Send Campaign", "campaign.send", "failed", "01 04:00", "01 04:05", 5, False, None, "platform", SEND, "Destination braze_sync rejected 3 rows"),
    ("r09", "acme", "Send Campaign", "campaign.send", "succeeded", "02 06:00", "02 06:05", 5, False, False, None, None, None),
    ("r10", "acme", "Send Campaign", "campaign.send", "canceled", "02 07:00", "02 07:01", 1, False, False, None, None, None),
    ("r11", "acme", "Send Campaign", "campaign.send", "failed", "02 08:00", "02 08:02", 2, False, False, None, None, None),
    ("r12", "beta", "Daily Stitch", "stitch/run", "failed", "01 05:00", "01 05:10", 10, False, False, "customer", STITCH, INVALID.format("customer_360")),
    ("r13", "beta", "Daily Stitch", "stitch/run", "succeeded", "01 05:30", "01 05:40", 10, False, False, None, None, None),
    ("r14", "beta", "Hourly Stitch", "stitch/run", "failed", "02 09:00", "02 09:30", 30, False, False, "platform", TIMEOUT, "Task wft-20240602-00014-AbCde timed out after 7200000 ms"),
    ("r15", "beta", "Nightly Export", "courier.group/run", "succeeded", "02 10:00", "02 10:20", 20, False, False, None, None, None),
]  # fmt: skip

# id, workflow, ordinal, label, state, definition type, execution type, created, ended,
# runtime_min, exceeded_timeout, attribution, error_type, message
TASKS = [
    ("t01a", "r01", 1, "Stitch", "succeeded", "stitch.run", "spark-sql", "01 01:00", "01 01:10", 10, False, None, None, None),
    ("t02a", "r02", 1, "Updating [loyalty_members]", "succeeded", "stitch.run", "spark-sql", "01 02:00", "01 02:05", 5, False, None, None, None),
    # r02: t02b is listed first but fails last; t02c (ordinal 3) fails first, at 02:12.
    ("t02b", "r02", 2, "Publish", "failed", "bridge.sync", "databricks", "01 02:05", "01 02:19", 14, False, "platform", "amperity.workflow.task.bridge/sync", "lost connection"),
    ("t02c", "r02", 3, "Stitch", "failed", "stitch.run", "spark-sql", "01 02:05", "01 02:12", 7, False, "customer", STITCH, INVALID.format("loyalty_members")),
    ("t03a", "r03", 1, "Stitch", "succeeded", "stitch.run", "spark-sql", "01 03:00", "01 03:30", 30, False, None, None, None),
    ("t04a", "r04", 1, "Stitch", "failed", "stitch.run", "spark-sql", "01 22:00", "01 23:00", 60, True, "platform", TIMEOUT, "timed out"),
    ("t04b", "r04", 2, "Publish", "skipped", "bridge.sync", "databricks", None, None, None, False, None, None, None),
    ("t06a", "r06", 1, "Stitch", "succeeded", "stitch.run", "spark-sql", "02 00:30", "02 00:35", 5, False, None, None, None),
    ("t07a", "r07", 1, "Stitch", "running", "stitch.run", "spark-sql", "03 05:00", None, None, False, None, None, None),
    # r08: both tasks fail at the same instant; the lower ordinal (t08a) is the first.
    ("t08a", "r08", 1, "Append results", "failed", "campaign.append-results", "prodigal", "01 04:00", "01 04:05", 5, False, "platform", SEND, "rejected rows"),
    ("t08b", "r08", 2, "Publish", "failed", "bridge.sync", "databricks", "01 04:00", "01 04:05", 5, False, "platform", SEND, "rejected rows"),
    ("t12a", "r12", 1, "Stitch", "failed", "stitch.run", "spark-sql", "01 05:00", "01 05:10", 10, False, "customer", STITCH, INVALID.format("customer_360")),
    ("t14a", "r14", 1, "Stitch", "failed", "stitch.run", "spark-sql", "02 09:00", "02 09:30", 30, True, "platform", TIMEOUT, "timed out"),
]  # fmt: skip

TERMINAL = {"succeeded", "failed", "canceled", "cancelled", "stopped", "skipped"}


def ts(text: str | None) -> str | None:
    """'DD HH:MM' in June 2024, UTC."""
    return None if text is None else f"2024-06-{text}:00+00:00"


def load_fixture(con: duckdb.DuckDBPyConnection) -> None:
    """The model tables from sql/schema, filled with the rows above."""
    for path in sql_files("schema"):
        con.execute(path.read_text(encoding="utf-8"))
    for r in RUNS:
        (
            rid,
            tenant,
            name,
            wtype,
            state,
            created,
            ended,
            minutes,
            exceeded,
            changed,
            attr,
            etype,
            msg,
        ) = r
        con.execute(
            "insert into workflow_runs (id, tenant, name, type, state, state_raw, is_terminal,"
            " created_at, ended_at, runtime_ms, warn_after_ms, exceeded_warn_after,"
            " launched_version, current_version, config_changed, error_attribution, error_type,"
            " error_message, fetched_at)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())",
            [rid, tenant, name, wtype, state, state, state in TERMINAL, ts(created), ts(ended),
             None if minutes is None else minutes * MIN, 30 * MIN, exceeded,
             None if changed is None else "etv-1", None if changed is None else ("etv-2" if changed else "etv-1"),
             changed, attr, etype, msg],
        )  # fmt: skip
        if state == "failed" and msg is not None:
            con.execute(
                "insert into workflow_errors (workflow_id, scope, tenant, attribution, type,"
                " type_family, message, occurred_at) values (?, 'workflow', ?, ?, ?, ?, ?, ?)",
                [rid, tenant, attr, etype, etype.split("/")[0], msg, ts(ended)],
            )
    tenants = {r[0]: r[1] for r in RUNS}
    for t in TASKS:
        tid, wid, ordinal, label, state, dtype, etype, created, ended, minutes, exceeded = t[:11]
        attr, err_type, msg = t[11:]
        con.execute(
            "insert into task_instances (id, workflow_id, tenant, ordinal, label, state, state_raw,"
            " is_terminal, execution_type, task_definition_type, created_at, ended_at,"
            " runtime_ms, timeout_ms, exceeded_timeout, error_attribution, error_type,"
            " error_message) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [tid, wid, tenants[wid], ordinal, label, state, state, state in TERMINAL, etype, dtype,
             ts(created), ts(ended), None if minutes is None else minutes * MIN, 20 * MIN,
             exceeded, attr, err_type, msg],
        )  # fmt: skip


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory warehouse with the fixture and the analytics views applied."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    load_fixture(connection)
    apply_views(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture as a DuckDB file, model tables only (no views), closed for readers."""
    path = tmp_path_factory.mktemp("warehouse") / "wf_etl.duckdb"
    with duckdb.connect(str(path)) as connection:
        load_fixture(connection)
    return path
