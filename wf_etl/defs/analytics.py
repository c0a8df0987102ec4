"""The analytics views as assets downstream of the model, with headline figures as metadata.

Numeric metadata is what Dagster plots over time, so each materialisation records the last
seven days' failure rate and the customer/platform split as numbers.
"""

import re
from datetime import UTC, datetime, timedelta

import dagster as dg

from wf_etl.analytics import apply_views, headline
from wf_etl.defs.assets import MODEL_SPECS, WAREHOUSE_POOL
from wf_etl.defs.resources import WarehouseResource
from wf_etl.sql_files import sql_files

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


def headline_metadata(figures: dict[str, object]) -> dict[str, dg.MetadataValue]:
    def number(key: str) -> dg.MetadataValue:
        value = figures.get(key)
        if value is None:
            return dg.MetadataValue.null()
        return (
            dg.MetadataValue.float(float(value))
            if isinstance(value, float)
            else dg.MetadataValue.int(int(value))
        )

    return {
        "window": dg.MetadataValue.text(f"runs created in the last {HEADLINE_DAYS} UTC days"),
        **{
            key: number(key)
            for key in (
                "runs",
                "terminal",
                "failed",
                "failure_rate",
                "customer_failures",
                "platform_failures",
                "unattributed",
                "customer_share",
            )
        },
        "top_error_types": dg.MetadataValue.md(str(figures.get("top_error_types", ""))),
    }


def build_analytics_assets() -> list[dg.AssetsDefinition]:
    specs = [
        dg.AssetSpec(
            view,
            description=_question(view),
            deps=[spec.key for spec in MODEL_SPECS],
            group_name=ANALYTICS_GROUP,
            kinds={"duckdb", "sql"},
        )
        for view in view_names()
    ]

    @dg.multi_asset(name="failure_analytics", specs=specs, pool=WAREHOUSE_POOL)
    def failure_analytics(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Re-create the views on the current model and record the headline figures."""
        today = datetime.now(UTC).date()
        with warehouse.get_connection() as con:
            created = apply_views(con)
            figures = headline(
                con,
                date_from=today - timedelta(days=HEADLINE_DAYS - 1),
                date_to=today + timedelta(days=1),
            )
        rate = figures.get("failure_rate")
        context.log.info(
            f"analytics: {len(created)} views; last {HEADLINE_DAYS} days failure rate "
            + ("n/a" if rate is None else f"{rate:.1%}")
        )
        for spec in specs:
            name = spec.key.path[-1]
            yield dg.MaterializeResult(
                asset_key=spec.key,
                metadata=headline_metadata(figures) if name == HEADLINE_VIEW else {},
            )

    return [failure_analytics]
