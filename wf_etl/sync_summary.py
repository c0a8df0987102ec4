"""The one-screen summary that ends `wf-etl sync` and `wf-etl demo`."""

from __future__ import annotations

from wf_etl.defs.launch import SyncOutcome, TenantRun
from wf_etl.terminal import printable


def _figures(run: TenantRun) -> dict:
    fetch = run.metadata.get("landed_run_batches", {})
    return fetch.get("tenants", {}).get(run.tenant, {}) if isinstance(fetch, dict) else {}


def retryable_failures(outcome: SyncOutcome) -> int:
    """Runs this sync left unloaded by a failure that may pass (429, 5xx, timeouts): each
    fetch's ``RunFetch.retryable``, counted per tenant into the landing step's metadata."""
    return sum(int(_figures(run).get("retryable_failures", 0) or 0) for run in outcome.runs)


def _fetch_line(run: TenantRun) -> str:
    figures = _figures(run)
    if not figures:
        return f"  {run.tenant}: no fetch figures (the run failed before fetching)"
    retryable = int(figures.get("retryable_failures", 0) or 0)
    return (
        f"  {run.tenant}: listed {figures.get('listed', 0)}, fetched {figures.get('fetched', 0)}, "
        f"already final {figures.get('skipped_terminal', 0)}, failed "
        f"{figures.get('fetch_failures', 0)}"
        + (f" ({retryable} retryable: run the sync again)" if retryable else "")
        + f", {figures.get('batches', 0)} batches  ({figures.get('requests', 0)} API requests)"
    )


def print_summary(outcome: SyncOutcome, db: str) -> None:
    print()
    status = "succeeded" if outcome.success else "FAILED"
    if outcome.success and retryable_failures(outcome):
        status = "INCOMPLETE"
    ids = ", ".join(run.run_id[:8] for run in outcome.runs)
    print(f"Summary ({status}; Dagster runs {ids})")
    for run in outcome.runs:
        print(_fetch_line(run) + ("" if run.success else "  FAILED"))
    last = next((r for r in reversed(outcome.runs) if r.metadata.get("workflow_runs")), None)
    if last is not None:
        rows = {name: meta.get("dagster/row_count") for name, meta in last.metadata.items()}
        rejected = last.metadata.get("rejected_records", {})
        print(
            f"  warehouse:  {rows.get('workflow_runs')} runs, {rows.get('task_instances')} tasks, "
            f"{rows.get('workflow_errors')} errors, "
            f"{rejected.get('open_rejections', 0)} open rejections  ->  {db}"
        )
    checks = last.checks if last is not None else []
    warned = [c for c in checks if not c.passed]
    print(f"  checks:     {len(checks) - len(warned)} passed, {len(warned)} not")
    for check in warned:
        print(f"    {check.severity.lower():5} {check.name}: {printable(check.description)}")
