"""Asset checks: each one a SQL file in sql/checks returning (failures, sample)."""

import dagster as dg

from wf_etl.defs.resources import PipelineSettings, WarehouseResource
from wf_etl.sql_files import read_sql
from wf_etl.warehouse.lean import lean

ERROR, WARN = dg.AssetCheckSeverity.ERROR, dg.AssetCheckSeverity.WARN
# DuckDB's memory_limit tried first for a check (then the lean limit, then the general one):
# a check scans whole tables, and DuckDB keeps what it reads cached up to its limit. On a
# warehouse of 105,387 runs and 890,941 tasks each check took 54-66 MB more than the process
# held before it under the 64 MB lean limit, 15-29 MB under this one, with none done again.
CHECK_MEMORY_LIMIT = "24MB"

# (check name, asset, severity, what a failure means)
CHECKS: list[tuple[str, str, dg.AssetCheckSeverity, str]] = [
    ("workflow_runs_unique_ids", "workflow_runs", ERROR, "a run id appears more than once"),
    ("task_instances_unique_ids", "task_instances", ERROR, "a task id appears more than once"),
    ("task_instances_workflow_exists", "task_instances", ERROR, "tasks whose run is missing"),
    ("no_negative_runtime", "workflow_runs", WARN, "ended_at before created_at"),
    ("runs_stuck_in_flight", "workflow_runs", WARN, "runs in flight past the allowed age"),
    ("rejected_records_open", "rejected_records", WARN, "records that could not be loaded"),
    ("audit_events_modelled", "audit_events", ERROR, "landed audit events missing from the model"),
]


def evaluate(
    warehouse: WarehouseResource, name: str, parameters: dict[str, object] | None = None
) -> tuple[int, list[str]]:
    """Run one check's SQL; returns the number of offending rows and up to ten of them."""
    sql = read_sql(f"checks/{name}.sql")
    with warehouse.get_connection() as con:
        failures, sample = lean(
            con,
            lambda: con.execute(sql, parameters or {}).fetchone(),
            f"the check {name}",
            first=CHECK_MEMORY_LIMIT,
        )
    return int(failures), list(sample or [])


def _make_check(
    name: str, asset: str, severity: dg.AssetCheckSeverity, meaning: str
) -> dg.AssetChecksDefinition:
    @dg.asset_check(name=name, asset=asset, description=f"Fails ({severity.value}) on {meaning}.")
    def _check(warehouse: WarehouseResource, pipeline_settings: PipelineSettings):
        params = (
            {"stuck_after_hours": pipeline_settings.stuck_after_hours}
            if name == "runs_stuck_in_flight"
            else None
        )
        failures, sample = evaluate(warehouse, name, params)
        return dg.AssetCheckResult(
            passed=failures == 0,
            severity=severity,
            description=f"{failures} {meaning}" if failures else None,
            metadata={"failures": failures, "sample": dg.MetadataValue.json(sample)},
        )

    return _check


def build_checks() -> list[dg.AssetChecksDefinition]:
    return [_make_check(*spec) for spec in CHECKS]
