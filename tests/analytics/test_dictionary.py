"""The data dictionary: every column described in DuckDB and in Dagster's column schemas,
and rates in asset metadata as percentages."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.analytics.test_change_views import add_change_fixture
from wf_etl.analytics import apply_views
from wf_etl.defs.analytics import build_analytics_assets, headline_metadata
from wf_etl.defs.metadata import column_schema
from wf_etl.defs.resources import WarehouseResource
from wf_etl.warehouse import apply_schema

MODEL_TABLES = ("raw_workflow_runs", "workflow_runs", "task_instances", "workflow_errors",
                "rejected_records", "guard_actions", "raw_audit_events", "audit_events",
                "alerts_sent")  # fmt: skip


@pytest.fixture(scope="module")
def described() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    apply_schema(con)
    apply_views(con)
    return con


def test_every_column_of_every_model_table_and_view_has_a_description(described) -> None:
    # The model tables and every view; the loader's and publisher's bookkeeping tables are
    # not for analysts and are left out.
    missing = described.execute(
        "select table_name || '.' || column_name from duckdb_columns()"
        " where database_name = 'memory' and schema_name = 'main' and not internal"
        "   and (table_name in $tables or table_name in (select view_name from duckdb_views()))"
        "   and coalesce(trim(comment), '') = ''",
        {"tables": list(MODEL_TABLES)},
    ).fetchall()
    assert missing == []
    undescribed = described.execute(
        "select table_name from duckdb_tables() where database_name = 'memory' and"
        " table_name in $tables and coalesce(comment, '') = '' union all select view_name"
        " from duckdb_views() where database_name = 'memory' and not internal and"
        " coalesce(comment, '') = ''",
        {"tables": list(MODEL_TABLES)},
    ).fetchall()
    assert undescribed == []
    tables = {r[0] for r in described.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(MODEL_TABLES) <= tables


def test_views_keep_their_descriptions_when_re_created(described) -> None:
    apply_views(described)
    (comment,) = described.execute(
        "select comment from duckdb_columns() where table_name = 'v_flaky_workflows'"
        " and column_name = 'flakiness_score'"
    ).fetchone()
    assert "flaky_failures / decided_runs" in comment


def test_dagster_column_schemas_carry_the_descriptions(described) -> None:
    schema = column_schema(described, "workflow_runs")
    by_name = {c.name: c for c in schema.columns}
    assert "launched_version <> current_version" in by_name["config_changed"].description
    assert all(c.description for c in schema.columns)
    assert by_name["id"].constraints.nullable is False


def test_rates_read_as_percentages() -> None:
    meta = headline_metadata({"failure_rate": 0.08833922261484099, "customer_share": None})
    assert meta["failure_rate_pct"].value == 8.83
    assert meta["customer_share_pct"] == dg.MetadataValue.null()
    assert "failure_rate" not in meta


def test_the_analytics_asset_records_column_schemas_and_the_new_answers(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("set TimeZone = 'UTC'")
        add_change_fixture(con)
    result = dg.materialize(
        build_analytics_assets(), resources={"warehouse": WarehouseResource(database=str(db))}
    )
    assert result.success
    metas = {
        m.asset_key.path[-1]: m.metadata
        for m in result.asset_materializations_for_node("failure_analytics")
    }
    flaky = metas["v_flaky_workflows"]
    # acme Daily Stitch, Send Campaign and beta Daily Stitch each have a flaky failure
    assert flaky["flaky_workflows"].value == 3
    assert flaky["top_flakiness_score_pct"].value == 50.0  # beta Daily Stitch: 1 of 2
    columns = flaky["dagster/column_schema"].value.columns
    assert all(c.description for c in columns)
    assert metas["v_failure_after_change"]["customer_failures_after_change"].value == 1  # r02
