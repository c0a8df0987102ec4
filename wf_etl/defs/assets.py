"""The assets: raw runs landed per daily partition, then the model tables flattened from raw."""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import UTC, datetime

import dagster as dg

from wf_etl.defs.metadata import row_counts, table_metadata
from wf_etl.defs.resources import AmperityResource, PipelineSettings, WarehouseResource
from wf_etl.sql_files import read_sql
from wf_etl.sync import TenantFetch, fetch_tenant
from wf_etl.warehouse import land_raw, refresh_model
from wf_etl.windows import Window, parse_instant

# One writer at a time: DuckDB takes a single writing process per file. Limit the pool to 1
# in the instance (see docs/architecture.md) when several runs may overlap.
WAREHOUSE_POOL = "wf_etl_warehouse"
RAW_GROUP, MODEL_GROUP = "amperity_raw", "workflow_model"

progress_log = logging.getLogger("wf_etl.progress")


class SyncWindowConfig(dg.Config):
    """Narrow the listing to an exact [created_from, created_to) inside the partitions."""

    created_from: str | None = None
    created_to: str | None = None


RAW_SPEC = dg.AssetSpec(
    "raw_workflow_runs",
    description="Verbose run records exactly as the Amperity API sent them, one row per run.",
    group_name=RAW_GROUP,
    kinds={"duckdb", "python"},
)
REJECTED_SPEC = dg.AssetSpec(
    "rejected_records",
    description="Answers that could not be loaded, with the reason and the text as received.",
    group_name=RAW_GROUP,
    kinds={"duckdb"},
)
MODEL_SPECS = [
    dg.AssetSpec(
        name,
        description=description,
        deps=[RAW_SPEC.key],
        group_name=MODEL_GROUP,
        kinds={"duckdb", "sql"},
    )
    for name, description in [
        ("workflow_runs", "One row per workflow run with runtime, principal and its error."),
        ("task_instances", "One row per task of a run, with runtime against its timeout."),
        ("workflow_errors", "One row per error object, run-level and task-level, by attribution."),
    ]
]


def _emitter(context: dg.AssetExecutionContext) -> Callable[[str], None]:
    """Progress goes to the Dagster event log and to the CLI, which listens on wf_etl.progress."""

    def emit(message: str) -> None:
        context.log.info(message)
        progress_log.info(message)

    return emit


def sync_window(context: dg.AssetExecutionContext, config: "SyncWindowConfig") -> Window:
    tw = context.partition_time_window
    window = Window(tw.start.astimezone(UTC), min(tw.end.astimezone(UTC), datetime.now(UTC)))
    narrowed = Window(
        parse_instant(config.created_from, name="created_from")
        if config.created_from
        else window.start,
        parse_instant(config.created_to, name="created_to") if config.created_to else window.end,
    )
    clipped = window.clip(narrowed)
    if clipped is None:
        raise dg.Failure(f"window {narrowed} lies outside the partitions {window}")
    return clipped


def build_assets(partitions_def: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.multi_asset(
        name="land_raw_runs",
        specs=[RAW_SPEC, REJECTED_SPEC],
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def land_raw_runs(
        context: dg.AssetExecutionContext,
        config: SyncWindowConfig,
        amperity: AmperityResource,
        warehouse: WarehouseResource,
        pipeline_settings: PipelineSettings,
    ):
        """List each tenant's runs in the window, fetch what is new or in flight, land it raw."""
        emit = _emitter(context)
        window = sync_window(context, config)
        tenants = amperity.tenants()
        started = datetime.now(UTC)
        per_tenant: dict[str, dict[str, object]] = {}
        failures: list[str] = []
        with warehouse.get_connection() as con:
            # Tenants fetch in parallel (each has its own rate budget); landing is serial, one
            # transaction per tenant, so one tenant's failure never rolls back another's data.
            with ThreadPoolExecutor(max_workers=len(tenants)) as pool:
                futures = [
                    pool.submit(
                        fetch_tenant,
                        amperity.client_config(t),
                        con.cursor(),
                        window,
                        hash_emails=pipeline_settings.hash_principal_emails,
                        progress=emit,
                    )
                    for t in tenants
                ]
                for future in as_completed(futures):
                    fetched: TenantFetch = future.result()
                    figures: dict[str, object] = {**fetched.figures(), **fetched.client_stats}
                    if fetched.error:
                        failures.append(f"{fetched.tenant}: {fetched.error}")
                        figures["error"] = fetched.error
                    else:
                        landed = land_raw(con, fetched.records)
                        figures.update(
                            landed=landed.landed, rejected=landed.rejected, resolved=landed.resolved
                        )
                        emit(
                            f"{fetched.tenant}: loaded {landed.landed} runs, rejected "
                            f"{landed.rejected}, healed {landed.resolved} earlier rejections"
                        )
                        for reason in landed.rejected_reasons[:5]:
                            context.log.warning(f"rejected: {reason}")
                    per_tenant[fetched.tenant] = figures
            counts = row_counts(con)
            rejections = con.execute(read_sql("meta/rejection_counts.sql"), {"since": started})
            open_rejections, new_rejections, _ = rejections.fetchone()
            raw_meta = table_metadata(con, "raw_workflow_runs", counts["raw_workflow_runs"])
            rejected_meta = table_metadata(con, "rejected_records", counts["rejected_records"])
        if failures:
            raise dg.Failure(
                description="; ".join(failures),
                metadata={"tenants": dg.MetadataValue.json(per_tenant)},
            )
        totals = {
            key: sum(int(f.get(key, 0) or 0) for f in per_tenant.values())
            for key in ("listed", "fetched", "skipped_terminal", "landed", "rejected", "requests")
        }
        yield dg.MaterializeResult(
            asset_key=RAW_SPEC.key,
            metadata={
                **raw_meta,
                "window": str(window),
                "tenants": dg.MetadataValue.json(per_tenant),
                **{k: dg.MetadataValue.int(v) for k, v in totals.items()},
            },
        )
        yield dg.MaterializeResult(
            asset_key=REJECTED_SPEC.key,
            metadata={
                **rejected_meta,
                "new_rejections": dg.MetadataValue.int(int(new_rejections)),
                "open_rejections": dg.MetadataValue.int(int(open_rejections)),
            },
        )

    @dg.multi_asset(name="model_tables", specs=MODEL_SPECS, pool=WAREHOUSE_POOL)
    def model_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Bring the model in line with raw: every run whose raw record is newer is re-flattened."""
        emit = _emitter(context)
        with warehouse.get_connection() as con:
            written = refresh_model(con)
            counts = row_counts(con)
            metas = {
                spec.key.path[-1]: table_metadata(con, spec.key.path[-1], counts[spec.key.path[-1]])
                for spec in MODEL_SPECS
            }
        emit(
            f"model: {written.runs} runs, {written.tasks} tasks, {written.errors} errors "
            f"(re)built; warehouse holds {counts['workflow_runs']} runs"
        )
        rewritten = {
            "workflow_runs": written.runs,
            "task_instances": written.tasks,
            "workflow_errors": written.errors,
        }
        for name, meta in metas.items():
            yield dg.MaterializeResult(
                asset_key=name,
                metadata={**meta, "rows_rebuilt": dg.MetadataValue.int(rewritten[name])},
            )

    return [land_raw_runs, model_tables]
