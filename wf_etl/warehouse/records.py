"""The values that cross the warehouse boundary: what a fetch hands in, what a load reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FetchedRecord:
    """One verbose run record as received, before any judgement of whether it can land.

    The text is kept as received (even when it is not JSON) so a rejection stores exactly
    what came in; `error` carries a fetch failure that produced no loadable body.
    """

    tenant: str
    fetched_at: datetime  # UTC, tz-aware
    body: str | None
    run_id: str | None = None  # the id the API was asked for; None for file imports
    source: str = "api"  # "api" or "import:<file name>"
    error: str | None = None


@dataclass(frozen=True)
class LandResult:
    """What one land_raw call did; `skipped` are good records older than the stored one."""

    landed: int
    rejected: int
    resolved: int
    rejected_reasons: list[str] = field(default_factory=list)
    skipped: int = 0

    def __add__(self, other: LandResult) -> LandResult:
        return LandResult(
            landed=self.landed + other.landed,
            rejected=self.rejected + other.rejected,
            resolved=self.resolved + other.resolved,
            rejected_reasons=(self.rejected_reasons + other.rejected_reasons)[:20],
            skipped=self.skipped + other.skipped,
        )


@dataclass(frozen=True)
class ModelResult:
    """Rows written to workflow_runs, task_instances and workflow_errors by one call."""

    runs: int
    tasks: int
    errors: int

    def __add__(self, other: ModelResult) -> ModelResult:
        return ModelResult(
            self.runs + other.runs, self.tasks + other.tasks, self.errors + other.errors
        )
