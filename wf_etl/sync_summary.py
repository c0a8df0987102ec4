"""The one-screen summary that ends `wf-etl sync` and `wf-etl demo`."""

from __future__ import annotations

from wf_etl.defs.launch import SyncOutcome
from wf_etl.terminal import printable


def retryable_failures(outcome: SyncOutcome) -> int:
    """Runs this sync left unloaded by a failure that may pass (429, 5xx, timeouts): the
    fetch's ``RunFetch.retryable``, summed by the landing step into its metadata."""
    raw = outcome.metadata.get("raw_workflow_runs", {})
    return int(raw.get("retryable_failures", 0) or 0)


def print_summary(outcome: SyncOutcome, db: str) -> None:
    raw = outcome.metadata.get("raw_workflow_runs", {})
    rejected = outcome.metadata.get("rejected_records", {})
    rows = {name: meta.get("dagster/row_count") for name, meta in outcome.metadata.items()}
    print()
    status = "succeeded" if outcome.success else "FAILED"
    unloaded = retryable_failures(outcome)
    if outcome.success and unloaded:
        status = "INCOMPLETE"
    print(f"Summary (Dagster run {outcome.run_id[:8]}, {status})")
    if raw:
        print(
            f"  this sync:  listed {raw.get('listed', 0)}, fetched {raw.get('fetched', 0)}, "
            f"already final {raw.get('skipped_terminal', 0)}, loaded {raw.get('landed', 0)}, "
            f"rejected {raw.get('rejected', 0)}  ({raw.get('requests', 0)} API requests)"
        )
    if rows.get("workflow_runs") is not None:
        print(
            f"  warehouse:  {rows.get('workflow_runs')} runs, {rows.get('task_instances')} tasks, "
            f"{rows.get('workflow_errors')} errors, "
            f"{rejected.get('open_rejections', 0)} open rejections  ->  {db}"
        )
    if unloaded:
        print(
            f"  unloaded:   {unloaded} runs failed for reasons that may pass (HTTP 429, 5xx, "
            "timeouts); kept as open rejections and asked for again by the next sync"
        )
    warned = [c for c in outcome.checks if not c.passed]
    print(f"  checks:     {len(outcome.checks) - len(warned)} passed, {len(warned)} not")
    for check in warned:
        print(f"    {check.severity.lower():5} {check.name}: {printable(check.description)}")
