"""The one-screen summary that ends `wf-etl sync` and `wf-etl demo`."""

from __future__ import annotations

from wf_etl.defs.launch import SyncOutcome
from wf_etl.terminal import printable


def print_summary(outcome: SyncOutcome, db: str) -> None:
    raw = outcome.metadata.get("raw_workflow_runs", {})
    rejected = outcome.metadata.get("rejected_records", {})
    rows = {name: meta.get("dagster/row_count") for name, meta in outcome.metadata.items()}
    print()
    status = "succeeded" if outcome.success else "FAILED"
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
    warned = [c for c in outcome.checks if not c.passed]
    print(f"  checks:     {len(outcome.checks) - len(warned)} passed, {len(warned)} not")
    for check in warned:
        print(f"    {check.severity.lower():5} {check.name}: {printable(check.description)}")
