"""The assets: fetched batches per tenant-day, loaded into raw, then the model tables.

Fetching (hours at 10 requests/s per tenant) and writing (seconds) are separate steps: the
fetch never opens DuckDB, so any number of fetches run at once, in any process or machine,
while the one writer (pool `wf_etl_warehouse`) loads what they landed.
"""

import logging
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

import dagster as dg

from wf_etl.defs.metadata import row_counts, table_metadata
from wf_etl.defs.partitions import days_by_tenant
from wf_etl.defs.resources import AmperityResource, PipelineSettings, WarehouseResource
from wf_etl.loader import catch_up, load_pending, writing
from wf_etl.sql_files import read_sql
from wf_etl.sync import TenantFetch, fetch_tenant
from wf_etl.terminal import printable
from wf_etl.warehouse import WarehouseError
from wf_etl.windows import Window, parse_instant

# One writer at a time: DuckDB takes a single writing process per file. The instance's
# dagster.yaml limits this pool to 1 (.dagster_home/dagster.yaml, docs/deploy.md).
WAREHOUSE_POOL = "wf_etl_warehouse"
RAW_GROUP, MODEL_GROUP = "amperity_raw", "workflow_model"

progress_log = logging.getLogger("wf_etl.progress")
# Single-run backfills are what a windowed listing wants; Dagster marks the parameter beta.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


class SyncWindowConfig(dg.Config):
    """Narrow the listing to an exact [created_from, created_to) inside the partitions."""

    created_from: str | None = None
    created_to: str | None = None


FETCH_KEY = dg.AssetKey("landed_run_batches")
RAW_SPEC = dg.AssetSpec(
    "raw_workflow_runs",
    description="Verbose run records exactly as the Amperity API sent them, one row per run.",
    deps=[FETCH_KEY],
    group_name=RAW_GROUP,
    kinds={"duckdb"},
)
REJECTED_SPEC = dg.AssetSpec(
    "rejected_records",
    description="Answers that could not be loaded, with the reason and the text as received.",
    deps=[FETCH_KEY],
    group_name=RAW_GROUP,
    kinds={"duckdb"},
)
MODEL_SPECS = [
    dg.AssetSpec(
        name,
        description=description,
        deps=[RAW_SPEC.key],
        group_name=MODEL_GROUP,
        kinds={"duckdb", "sql", "parquet"},
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


@contextmanager
def _as_failure() -> Iterator[None]:
    """A working file that cannot be opened (held too long by another writer) fails the step
    with the one-line message that names the file and what to do, not a traceback."""
    try:
        yield
    except WarehouseError as exc:
        raise dg.Failure(description=str(exc)) from None


def tenant_windows(
    context: dg.AssetExecutionContext, config: SyncWindowConfig
) -> dict[str, list[Window]]:
    """Each tenant's windows: its partitions' days joined into ranges, up to now, narrowed
    to the run config's exact instants."""
    now = datetime.now(UTC)
    narrowed = Window(
        parse_instant(config.created_from, name="created_from")
        if config.created_from
        else datetime.min.replace(tzinfo=UTC),
        parse_instant(config.created_to, name="created_to")
        if config.created_to
        else datetime.max.replace(tzinfo=UTC),
    )
    windows: dict[str, list[Window]] = {}
    for tenant, days in days_by_tenant(context.partition_keys).items():
        ranges: list[list] = []
        for day in days:
            if ranges and ranges[-1][-1] + timedelta(days=1) == day:
                ranges[-1].append(day)
            else:
                ranges.append([day])
        for days_of_range in ranges:
            start = datetime.combine(days_of_range[0], time(), tzinfo=UTC)
            end = datetime.combine(days_of_range[-1] + timedelta(days=1), time(), tzinfo=UTC)
            if start >= now:
                continue
            clipped = Window(start, min(end, now)).clip(narrowed)
            if clipped is not None:
                windows.setdefault(tenant, []).append(clipped)
    if not windows:
        raise dg.Failure(f"window {narrowed} lies outside the partitions of this run")
    return windows


def build_assets(partitions_def: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.asset(
        key=FETCH_KEY,
        description="Verbose run records fetched from the API and appended to the landing "
        "zone in batches; never opens DuckDB, so tenants fetch in parallel anywhere.",
        group_name=RAW_GROUP,
        kinds={"python"},
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run(),
    )
    def landed_run_batches(
        context: dg.AssetExecutionContext,
        config: SyncWindowConfig,
        amperity: AmperityResource,
        pipeline_settings: PipelineSettings,
    ) -> dg.MaterializeResult:
        """List each tenant's runs in its windows, fetch what is new or in flight, land it."""
        emit = _emitter(context)
        windows = tenant_windows(context, config)
        layout = pipeline_settings.layout()

        def fetch(tenant: str, position: int) -> list[TenantFetch]:
            return [
                fetch_tenant(
                    amperity.client_config(tenant),
                    layout,
                    window,
                    hash_emails=pipeline_settings.hash_principal_emails,
                    batch_runs=pipeline_settings.batch_runs,
                    batch_seconds=pipeline_settings.batch_seconds,
                    progress=emit,
                    event_log=context.log.info,
                    progress_every_s=pipeline_settings.progress_every_s,
                    progress_bar=pipeline_settings.progress_bar,
                    bar_position=position,
                )
                for window in windows[tenant]
            ]

        # Several tenants in one run (a backfill over tenants) each get a thread and their own
        # rate budget; the schedule and `wf-etl sync` launch one run per tenant instead.
        with ThreadPoolExecutor(max_workers=len(windows)) as pool:
            results = [r for rs in pool.map(fetch, windows, range(len(windows))) for r in rs]
        per_tenant: dict[str, dict[str, object]] = {}
        for fetched in results:
            figures = per_tenant.setdefault(fetched.tenant, {})
            for key, value in {**fetched.figures(), **fetched.client_stats}.items():
                figures[key] = int(figures.get(key, 0) or 0) + value
            if fetched.error:
                figures["error"] = fetched.error
        failures = [f"{r.tenant}: {r.error}" for r in results if r.error]
        if failures:
            raise dg.Failure(
                description="; ".join(failures),
                metadata={"tenants": dg.MetadataValue.json(per_tenant)},
            )
        totals = {
            key: sum(int(f.get(key, 0) or 0) for f in per_tenant.values())
            for key in ("listed", "fetched", "skipped_terminal", "batches", "requests")
        }
        return dg.MaterializeResult(
            metadata={
                "windows": dg.MetadataValue.json(
                    {t: [str(w) for w in ws] for t, ws in windows.items()}
                ),
                "tenants": dg.MetadataValue.json(per_tenant),
                **{k: dg.MetadataValue.int(v) for k, v in totals.items()},
            }
        )

    @dg.multi_asset(
        name="load_raw_runs",
        specs=[RAW_SPEC, REJECTED_SPEC],
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def load_raw_runs(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        pipeline_settings: PipelineSettings,
    ):
        """Land every batch in the landing zone (this run's and any other's), oldest first."""
        emit = _emitter(context)
        started = datetime.now(UTC)
        with _as_failure():
            outcome = load_pending(
                pipeline_settings.layout(),
                lock_timeout_s=pipeline_settings.lock_timeout_s,
                on_wait=dg.get_dagster_logger("wf_etl.warehouse").warning,
                say=emit,
            )
        for reason in outcome.land.rejected_reasons[:5]:
            context.log.warning(f"rejected: {printable(reason)}")
        with warehouse.get_connection() as con:
            counts = row_counts(con)
            rejections = con.execute(read_sql("meta/rejection_counts.sql"), {"since": started})
            open_rejections, new_rejections, _ = rejections.fetchone()
            raw_meta = table_metadata(con, "raw_workflow_runs", counts["raw_workflow_runs"])
            rejected_meta = table_metadata(con, "rejected_records", counts["rejected_records"])
        yield dg.MaterializeResult(
            asset_key=RAW_SPEC.key,
            metadata={
                **raw_meta,
                "batches": dg.MetadataValue.int(outcome.batches),
                "landed": dg.MetadataValue.int(outcome.land.landed),
                "rejected": dg.MetadataValue.int(outcome.land.rejected),
                "lake_partitions_published": dg.MetadataValue.int(outcome.published.partitions),
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
    def model_tables(context: dg.AssetExecutionContext, pipeline_settings: PipelineSettings):
        """Bring the model in line with raw, then the lake and the analysts' database."""
        emit = _emitter(context)
        layout = pipeline_settings.layout()
        with (
            _as_failure(),
            writing(
                layout,
                lock_timeout_s=pipeline_settings.lock_timeout_s,
                on_wait=dg.get_dagster_logger("wf_etl.warehouse").warning,
                publish_on_exit=False,
            ) as con,
        ):
            written, published = catch_up(con, layout)
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
                metadata={
                    **meta,
                    "rows_rebuilt": dg.MetadataValue.int(rewritten[name]),
                    "lake_partitions_rewritten": dg.MetadataValue.int(
                        published.rewritten.get(name, 0)
                    ),
                },
            )

    return [landed_run_batches, load_raw_runs, model_tables]
