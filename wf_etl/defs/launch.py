"""Run the sync job in this process through Dagster, as `wf-etl sync` and `wf-etl demo` do.

Runs go to the instance under DAGSTER_HOME when it is set, so they appear in the UI's run
history; otherwise to a throwaway instance.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import dagster as dg

from wf_etl.definitions import SYNC_JOB, build_defs
from wf_etl.defs.assets import SyncWindowConfig
from wf_etl.defs.schedules import partition_range_tags
from wf_etl.settings import Settings
from wf_etl.windows import Window


@dataclass
class CheckOutcome:
    name: str
    passed: bool
    severity: str
    description: str | None


@dataclass
class SyncOutcome:
    """What a sync did, read back from the run's events, for the CLI's summary."""

    success: bool
    run_id: str
    window: Window
    error: str | None = None
    metadata: dict[str, dict[str, object]] = field(default_factory=dict)  # asset -> metadata
    checks: list[CheckOutcome] = field(default_factory=list)


def _instance() -> dg.DagsterInstance:
    return (
        dg.DagsterInstance.get()
        if os.environ.get("DAGSTER_HOME")
        else dg.DagsterInstance.ephemeral()
    )


def run_sync(
    window: Window, *, duckdb_path: str | None = None, console_log_level: str = "CRITICAL"
) -> SyncOutcome:
    """Materialise the sync job over the daily partitions covering `window`, listing exactly it.

    Dagster's console log stays quiet by default: the caller prints the outcome, whose error
    is the failing step's own message; the full log is in the run (DAGSTER_HOME) or at DEBUG.
    """
    settings = Settings.from_env()
    days = window.days()
    start = min(date.fromisoformat(settings.partitions_start), days[0]).isoformat()
    defs = build_defs(partitions_start=start, duckdb_path=duckdb_path)
    job = defs.resolve_job_def(SYNC_JOB)
    run_config = dg.RunConfig(
        ops={
            "land_raw_runs": SyncWindowConfig(
                created_from=window.start.isoformat(), created_to=window.end.isoformat()
            )
        },
        loggers={"console": {"config": {"log_level": console_log_level}}},
    )
    with _instance() as instance:
        result = job.execute_in_process(
            run_config=run_config,
            instance=instance,
            tags={
                **partition_range_tags(days[0].isoformat(), days[-1].isoformat()),
                "wf_etl/source": "cli",
            },
            raise_on_error=False,
        )
    outcome = SyncOutcome(success=result.success, run_id=result.run_id, window=window)
    for event in result.all_events:
        if event.is_step_materialization:
            mat = event.step_materialization_data.materialization
            outcome.metadata[mat.asset_key.to_user_string()] = {
                key: getattr(value, "value", value) for key, value in mat.metadata.items()
            }
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            outcome.checks.append(
                CheckOutcome(
                    name=evaluation.check_name,
                    passed=evaluation.passed,
                    severity=evaluation.severity.value,
                    description=evaluation.description,
                )
            )
        elif event.is_step_failure and outcome.error is None:
            failure = event.step_failure_data
            described = failure.user_failure_data and failure.user_failure_data.description
            outcome.error = (described or failure.error.message).strip()
    return outcome
