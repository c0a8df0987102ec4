"""The tenant's audit log as assets: events fetched per partition and landed like the runs.

Per partition (a UTC day, or a tenant x day once partitions are multi-dimensional) each tenant's
events that happened in the window are listed and landed in one transaction: raw_audit_events
keeps them as sent, audit_events models them, rejected_records takes what cannot be read.
Re-materialising a partition is idempotent (events are keyed by event_id). Fetching runs in a
thread per tenant; landing stays serial, since DuckDB has one writer.
"""

import json
import tempfile
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import IO

import dagster as dg

from wf_etl.amperity import AmperityClient, AmperityError, ClientConfig
from wf_etl.amperity.audit import list_audit_events
from wf_etl.amperity.ratelimit import SlidingWindowLimiter
from wf_etl.defs.assets import RAW_SPEC, WAREHOUSE_POOL
from wf_etl.defs.metadata import table_metadata
from wf_etl.defs.resources import AmperityResource, PipelineSettings, WarehouseResource
from wf_etl.sql_files import read_sql
from wf_etl.warehouse.audit_land import land_audit_events
from wf_etl.windows import Window

AUDIT_GROUP = "amperity_audit"
RAW_AUDIT = dg.AssetSpec(
    "raw_audit_events",
    description="Audit events exactly as GET /audit-events sent them, one row per event.",
    # Not a data dependency: it orders the job so the runs' fetch comes first and this step
    # can wait out the tenant's rate window once (see fetch_audit).
    deps=[RAW_SPEC.key],
    group_name=AUDIT_GROUP,
    kinds={"duckdb", "python"},
)
AUDIT_EVENTS = dg.AssetSpec(
    "audit_events",
    description="One row per audit event: who changed or stopped what, and whether it changed "
    "configuration a workflow depends on.",
    deps=[RAW_AUDIT.key],
    group_name=AUDIT_GROUP,
    kinds={"duckdb", "sql"},
)


def _spool_file() -> IO[str]:
    # Not a with-block: the spool lives from the fetch to the landing; AuditFetch.close ends it.
    return tempfile.TemporaryFile("w+", encoding="utf-8")


@dataclass
class AuditFetch:
    """One tenant's listed events, spooled to a temporary file as JSON lines: a year's audit
    log held as dicts until it landed grew the process with the window; spooled, landing
    reads one batch at a time (land_audit_events) and the file goes when the fetch is closed."""

    tenant: str
    spool: IO[str] = field(default_factory=_spool_file)
    listed: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    error: str | None = None

    def add(self, event: object) -> None:
        self.spool.write(json.dumps(event) + "\n")  # json.dumps escapes any newline
        self.listed += 1

    def events(self) -> Iterator[str]:
        """The spooled events in the order they were listed, one text at a time."""
        self.spool.seek(0)
        for line in self.spool:
            yield line.rstrip("\n")

    def close(self) -> None:
        self.spool.close()


def fetch_audit(config: ClientConfig, window: Window) -> AuditFetch:
    """One tenant's events in the window; an API failure is returned, not raised, so the
    other tenants still land."""
    fetched = AuditFetch(config.tenant)
    # A new client has a fresh rate limiter that cannot see what the runs' client of the same
    # tenant sent a moment ago (the step before this one in sync_job): wait out one limiter
    # window so the tenant's 10 requests/s hold across both. A per-tenant limiter shared by
    # every client of the process would remove this wait (amperity/client.py).
    time.sleep(
        SlidingWindowLimiter(config.max_requests_per_second, config.rate_limit_margin_s).window_s
    )
    try:
        with AmperityClient(config) as client:
            for event in list_audit_events(client, window.start, window.end):
                fetched.add(event)
    except AmperityError as exc:
        fetched.error = str(exc)
    return fetched


def partition_scope(
    context: dg.AssetExecutionContext, tenants: list[str], now: datetime
) -> tuple[Window, list[str]]:
    """The window and tenants of the partition being materialised: a daily key, or a
    tenant x day MultiPartitionKey (the dimension named 'tenant' picks the tenant)."""
    named = {
        key.keys_by_dimension.get("tenant")
        for key in context.partition_keys
        if isinstance(key, dg.MultiPartitionKey)
    }
    if named and None not in named:
        tenants = sorted(t for t in named if t)
    tw = context.partition_time_window
    start = tw.start.astimezone(UTC)
    end = max(min(tw.end.astimezone(UTC), now), start + timedelta(milliseconds=1))
    return Window(start, end), tenants


def build_audit_assets(partitions_def: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.multi_asset(
        name="land_audit_events",
        specs=[RAW_AUDIT, AUDIT_EVENTS],
        partitions_def=partitions_def,
        backfill_policy=dg.BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def land_audit(
        context: dg.AssetExecutionContext,
        amperity: AmperityResource,
        warehouse: WarehouseResource,
        pipeline_settings: PipelineSettings,
    ):
        """List each tenant's audit events in the window and land them."""
        window, tenants = partition_scope(context, amperity.tenants(), datetime.now(UTC))
        with ThreadPoolExecutor(max_workers=len(tenants)) as pool:
            fetches = list(
                pool.map(lambda t: fetch_audit(amperity.client_config(t), window), tenants)
            )
        per_tenant: dict[str, dict[str, object]] = {}
        failures = [f"{f.tenant}: {f.error}" for f in fetches if f.error]
        with ExitStack() as spools, warehouse.get_connection() as con:
            for fetched in fetches:
                spools.callback(fetched.close)
            for fetched in (f for f in fetches if not f.error):
                landed = land_audit_events(
                    con,
                    fetched.tenant,
                    fetched.events(),
                    fetched.fetched_at,
                    hash_pii=pipeline_settings.hash_principal_emails,
                )
                per_tenant[fetched.tenant] = {
                    "listed": fetched.listed,
                    "landed": landed.landed,
                    "rejected": landed.rejected,
                    "healed": landed.resolved,
                }
                context.log.info(
                    f"{fetched.tenant}: {fetched.listed} audit events in {window}, "
                    f"{landed.rejected} rejected"
                )
                for reason in landed.rejected_reasons[:5]:
                    context.log.warning(f"rejected: {reason}")
            counts = dict(con.execute(read_sql("meta/audit_row_counts.sql")).fetchall())
            metas = {name: table_metadata(con, name, counts[name]) for name in counts}
        if failures:
            raise dg.Failure(description="; ".join(failures))
        totals = {
            k: sum(int(v[k]) for v in per_tenant.values())  # type: ignore[call-overload]
            for k in ("listed", "landed", "rejected")
        }
        yield dg.MaterializeResult(
            asset_key=RAW_AUDIT.key,
            metadata={
                **metas["raw_audit_events"],
                "window": str(window),
                "tenants": dg.MetadataValue.json(per_tenant),
                **{k: dg.MetadataValue.int(v) for k, v in totals.items()},
            },
        )
        yield dg.MaterializeResult(asset_key=AUDIT_EVENTS.key, metadata=metas["audit_events"])

    return [land_audit]


def build_audit_defs(
    partitions_def: dg.PartitionsDefinition, env: Mapping[str, str] | None = None
) -> dg.Definitions:
    """The audit assets; they use the code location's amperity, warehouse and pipeline_settings
    resources, so merge this with the main Definitions."""
    del env  # no settings of its own yet; kept so every domain is built the same way
    return dg.Definitions(assets=build_audit_assets(partitions_def))
