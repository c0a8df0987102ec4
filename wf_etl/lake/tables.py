"""The tables the lake holds, how each is partitioned and what says a partition is stale."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LakeTable:
    name: str
    by_day: bool  # tenant=<t>/day=<d>/ when True, tenant=<t>/ alone otherwise
    marks: str  # sql/lake/marks/<file>: (tenant, day, mark) per partition, current state

    @property
    def select_file(self) -> str:
        return f"lake/{self.name}.sql"

    @property
    def marks_file(self) -> str:
        return f"lake/marks/{self.marks}.sql"

    @property
    def partition_columns(self) -> tuple[str, ...]:
        return ("tenant", "day") if self.by_day else ("tenant",)

    def glob(self, root: str) -> str:
        depth = "*/*/*.parquet" if self.by_day else "*/*.parquet"
        return f"{root.rstrip('/')}/{self.name}/{depth}"


LAKE_TABLES: tuple[LakeTable, ...] = (
    LakeTable("raw_workflow_runs", by_day=True, marks="run_days"),
    LakeTable("workflow_runs", by_day=True, marks="run_days"),
    LakeTable("task_instances", by_day=True, marks="run_days"),
    LakeTable("workflow_errors", by_day=True, marks="run_days"),
    LakeTable("rejected_records", by_day=False, marks="rejected_records"),
    LakeTable("guard_actions", by_day=False, marks="guard_actions"),
)
