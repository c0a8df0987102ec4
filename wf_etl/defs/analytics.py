"""The analytics views as assets downstream of the model, with headline figures as metadata.

Numeric metadata is what Dagster plots over time, so each materialisation records the last
seven days' failure rate and the customer/platform split as numbers (rates as percentages,
keys ending in _pct), and the new answers' counts (flaky workflows, new error families,
regressions) on their views. Every view carries its column schema with the data dictionary.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import dagster as dg
import duckdb

from wf_etl.analytics import apply_views, headline
from wf_etl.analytics.views import pin_as_of, query_rows
from wf_etl.defs.assets import MODEL_SPECS, WAREHOUSE_POOL
from wf_etl.defs.audit import AUDIT_EVENTS
from wf_etl.defs.guard import GUARD_ACTIONS
from wf_etl.defs.metadata import column_schema, percent
from wf_etl.defs.resources import WarehouseResource
from wf_etl.sql_files import sql_files
from wf_etl.warehouse.lean import lean

# The figures are aggregates over the whole history, which DuckDB streams, keeping the blocks it
# reads up to its limit. Each in a fresh process: beside the 105,387 runs of bench/memory.py
# +41 MB under the lean limit (64 MB), +29 MB under 24 MB; beside 924 runs +34 and +17 MB.
# 16 MB does not fit them and would pay for a second pass.
FIGURES_MEMORY_LIMIT = "24MB"

ANALYTICS_GROUP = "failure_analytics"
HEADLINE_VIEW = "v_failure_attribution_daily"
HEADLINE_DAYS = 7
_VIEW_FILE = re.compile(r"^\d+_(v_\w+)\.sql$")


def view_names() -> list[str]:
    """The views in sql/analytics, in apply order (macro files are not assets)."""
    return [m.group(1) for p in sql_files("analytics") if (m := _VIEW_FILE.match(p.name))]


def _question(view: str) -> str:
    """The first comment line of the view's file: the question it answers."""
    for path in sql_files("analytics"):
        if path.name.endswith(f"_{view}.sql"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("--") and line.strip("- "):
                    return line.strip("- ")
    return view


RATES = ("failure_rate", "customer_share", "top_flakiness_score")
# The view whose asset carries each of the new answers' figures.
ANSWER_VIEWS = {
    "v_flaky_workflows": ("flaky_workflows", "top_flakiness_score"),
    "v_error_family_first_seen": ("new_error_families",),
    "v_runtime_regression": ("runtime_regressions",),
    "v_failure_after_change": ("customer_failures_after_change", "customer_failures"),
    "v_platform_incidents": ("platform_incidents",),
}


def _number(value: object) -> dg.MetadataValue:
    if value is None:
        return dg.MetadataValue.null()
    if isinstance(value, float):
        return dg.MetadataValue.float(value)
    return dg.MetadataValue.int(int(value))  # type: ignore[call-overload]


def figures_metadata(figures: dict[str, object], keys: tuple[str, ...]) -> dict[str, Any]:
    """Counts as numbers, rates (0-1) as percentages under `<key>_pct`."""
    return {
        (f"{key}_pct" if key in RATES else key): (
            percent(figures.get(key)) if key in RATES else _number(figures.get(key))
        )
        for key in keys
    }


def headline_metadata(figures: dict[str, object]) -> dict[str, Any]:
    keys = ("runs", "terminal", "failed", "failure_rate", "customer_failures",
            "platform_failures", "unattributed", "customer_share")  # fmt: skip
    return {
        "window": dg.MetadataValue.text(f"runs created in the last {HEADLINE_DAYS} UTC days"),
        **figures_metadata(figures, keys),
        "top_error_types": dg.MetadataValue.md(str(figures.get("top_error_types", ""))),
    }


def answer_figures(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The new answers' figures, one query per view (sql/report/answers): DuckDB keeps every
    subquery's working state until a query ends, so asked in one query the views' joins over
    the whole warehouse would all be held at once."""
    figures: dict[str, object] = {}
    for path in sql_files("report/answers"):
        figures.update(query_rows(con, f"answers/{path.stem}")[0])
    return figures


def view_metadata(
    con: duckdb.DuckDBPyConnection, view: str, figures: dict[str, object], answers: dict
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "dagster/column_schema": column_schema(con, view),
        "dagster/table_name": dg.MetadataValue.text(view),
    }
    if view == HEADLINE_VIEW:
        meta.update(headline_metadata(figures))
    if view in ANSWER_VIEWS:
        meta.update(figures_metadata(answers, ANSWER_VIEWS[view]))
    return meta


def build_analytics_assets() -> list[dg.AssetsDefinition]:
    specs = [
        dg.AssetSpec(
            view,
            description=_question(view),
            deps=[*(spec.key for spec in MODEL_SPECS), AUDIT_EVENTS.key, GUARD_ACTIONS],
            group_name=ANALYTICS_GROUP,
            kinds={"duckdb", "sql"},
        )
        for view in view_names()
    ]

    @dg.multi_asset(name="failure_analytics", specs=specs, pool=WAREHOUSE_POOL)
    def failure_analytics(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Re-create the views on the current model and record the headline figures."""
        now = datetime.now(UTC)
        today = now.date()

        def ask(con: duckdb.DuckDBPyConnection) -> tuple[list[str], dict, dict]:
            created = apply_views(con)  # create or replace: safe to do again
            pin_as_of(con, now)
            figures = headline(
                con,
                date_from=today - timedelta(days=HEADLINE_DAYS - 1),
                date_to=today + timedelta(days=1),
            )
            answers = answer_figures(con)
            metas = {
                spec.key.path[-1]: view_metadata(con, spec.key.path[-1], figures, answers)
                for spec in specs
            }
            return created, figures, metas

        with warehouse.get_connection() as con:
            created, figures, metas = lean(
                con, lambda: ask(con), "the analytics figures", first=FIGURES_MEMORY_LIMIT
            )
        rate = figures.get("failure_rate")
        context.log.info(
            f"analytics: {len(created)} views; last {HEADLINE_DAYS} days failure rate "
            + ("n/a" if rate is None else f"{rate:.1%}")
        )
        for spec in specs:
            yield dg.MaterializeResult(asset_key=spec.key, metadata=metas[spec.key.path[-1]])

    return [failure_analytics]
