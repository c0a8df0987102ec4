"""Run the sync job through Dagster from the command line, as `wf-etl sync` and `wf-etl demo` do.

One Dagster run per tenant, each in its own process when there are several, as the schedule
and the run queue do in a deployment: a tenant's failure fails only its run and partitions,
and each tenant spends its own rate budget. While they fetch, this process loads what they
land every few seconds (the loader is the one writer), so the analysts' database fills as the
sync goes instead of at its end. Runs go to the instance under DAGSTER_HOME when it is set, so
they appear in the UI's run history; otherwise to a throwaway instance.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import dagster as dg

from wf_etl.definitions import SYNC_JOB, build_defs
from wf_etl.defs.assets import SyncWindowConfig
from wf_etl.defs.instance import cli_instance
from wf_etl.defs.schedules import partition_range_tags
from wf_etl.loader import load_pending
from wf_etl.progress import show_progress_lines
from wf_etl.settings import Settings
from wf_etl.warehouse import WarehouseError
from wf_etl.windows import Window

progress_log = logging.getLogger("wf_etl.progress")


@dataclass
class CheckOutcome:
    name: str
    passed: bool
    severity: str
    description: str | None


@dataclass
class TenantRun:
    """One tenant's Dagster run, read back from its events."""

    tenant: str
    success: bool
    run_id: str
    error: str | None = None
    metadata: dict[str, dict[str, object]] = field(default_factory=dict)  # asset -> metadata
    checks: list[CheckOutcome] = field(default_factory=list)


@dataclass
class SyncOutcome:
    """What a sync did, for the CLI's summary: one run per tenant."""

    window: Window
    runs: list[TenantRun] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(run.success for run in self.runs)

    @property
    def error(self) -> str | None:
        errors = [f"{r.tenant}: {r.error}" for r in self.runs if r.error]
        return "; ".join(errors) or None

    @property
    def metadata(self) -> dict[str, dict[str, object]]:
        """Each asset's metadata, the fetch figures of every tenant merged (later runs' model
        and view figures are the newest)."""
        merged: dict[str, dict[str, object]] = {}
        tenants: dict[str, object] = {}
        for run in self.runs:
            for asset, meta in run.metadata.items():
                merged[asset] = {**merged.get(asset, {}), **meta}
            fetched = run.metadata.get("landed_run_batches", {}).get("tenants")
            if isinstance(fetched, dict):
                tenants.update(fetched)
        if tenants:
            merged.setdefault("landed_run_batches", {})["tenants"] = tenants
        return merged

    @property
    def checks(self) -> list[CheckOutcome]:
        """The checks of the last run that ran them (they read the whole warehouse)."""
        return next((run.checks for run in reversed(self.runs) if run.checks), [])


def run_tenant(
    tenant: str,
    window: Window,
    duckdb_path: str | None,
    console_log_level: str = "CRITICAL",
    show_progress: bool = False,
) -> TenantRun:
    """Materialise the sync job over one tenant's days covering `window`, listing exactly it.

    Dagster's console log stays quiet by default: the caller prints the outcome, whose error
    is the failing step's own message; the full log is in the run (DAGSTER_HOME) or at DEBUG.
    """
    if show_progress:
        show_progress_lines()
    settings = Settings.from_env()
    days = window.days()
    start = min(date.fromisoformat(settings.partitions_start), days[0]).isoformat()
    defs = build_defs(partitions_start=start, duckdb_path=duckdb_path)
    job = defs.resolve_job_def(SYNC_JOB)
    run_config = dg.RunConfig(
        ops={
            "landed_run_batches": SyncWindowConfig(
                created_from=window.start.isoformat(), created_to=window.end.isoformat()
            )
        },
        loggers={"console": {"config": {"log_level": console_log_level}}},
    )
    with cli_instance() as instance:
        result = job.execute_in_process(
            run_config=run_config,
            instance=instance,
            tags={
                **partition_range_tags(tenant, days[0].isoformat(), days[-1].isoformat()),
                "wf_etl/source": "cli",
            },
            raise_on_error=False,
        )
    return _read_back(tenant, result)


def _read_back(tenant: str, result: dg.ExecuteInProcessResult) -> TenantRun:
    run = TenantRun(tenant=tenant, success=result.success, run_id=result.run_id)
    for event in result.all_events:
        if event.is_step_materialization:
            mat = event.step_materialization_data.materialization
            run.metadata[mat.asset_key.to_user_string()] = {
                key: getattr(value, "value", value) for key, value in mat.metadata.items()
            }
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            run.checks.append(
                CheckOutcome(
                    name=evaluation.check_name,
                    passed=evaluation.passed,
                    severity=evaluation.severity.value,
                    description=evaluation.description,
                )
            )
        elif event.is_step_failure and run.error is None:
            failure = event.step_failure_data
            described = failure.user_failure_data and failure.user_failure_data.description
            run.error = (described or failure.error.message).strip()
    return run


class _Drain:
    """Loads landed batches every `every_s` seconds while the fetches go on."""

    def __init__(self, duckdb_path: str | None, every_s: float) -> None:
        settings = Settings.from_env()
        self.layout = settings.layout(duckdb_path)
        self.every_s = max(1.0, every_s)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="wf-etl-loader", daemon=True)

    def __enter__(self) -> _Drain:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _loop(self) -> None:
        while not self.stopped.wait(self.every_s):
            try:  # a run's own load step may hold the file: it loads the same batches
                load_pending(self.layout, lock_timeout_s=0, say=progress_log.info)
            except WarehouseError:
                continue


def run_sync(
    window: Window,
    *,
    duckdb_path: str | None = None,
    console_log_level: str = "CRITICAL",
    tenants: list[str] | None = None,
) -> SyncOutcome:
    """One run per tenant (in parallel processes when there are several), loading as they go."""
    from wf_etl.amperity.config import tenants_from_env

    names = list(dict.fromkeys(tenants if tenants is not None else tenants_from_env()))
    outcome = SyncOutcome(window=window)
    settings = Settings.from_env()
    with _Drain(duckdb_path, settings.batch_seconds):
        if len(names) == 1:
            outcome.runs.append(run_tenant(names[0], window, duckdb_path, console_log_level))
        else:
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=len(names), mp_context=spawn) as pool:
                futures = [
                    pool.submit(run_tenant, t, window, duckdb_path, console_log_level, True)
                    for t in names
                ]
                outcome.runs.extend(f.result() for f in futures)
    return outcome
