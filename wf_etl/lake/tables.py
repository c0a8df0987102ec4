"""The tables the lake holds, how each is partitioned and what says a partition is stale."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LakeTable:
    name: str
    by_day: bool  # tenant=<t>/day=<d>/ when True, tenant=<t>/ alone otherwise
    marks: str  # sql/lake/marks/<file>: (tenant, day, mark) per partition, current state
    # Derived from other tables, so `wf-etl rebuild` rewrites its rows and every partition;
    # the others (raw as received, rejections, actions taken) a rebuild leaves as they were.
    derived: bool = False
    # Stale partitions written per COPY. DuckDB keeps a Parquet writer open per partition of a
    # COPY until the end, holding its rows, so a publish after a long backlog (hundreds of days
    # at once, e.g. the first load of a year's backfill) would hold them all in memory; in
    # groups it holds a few tenant-days. Raw's rows carry the payloads, so it takes four days
    # per COPY; the others are small rows, and sixteen per COPY made a full publish of 100,000
    # runs' runs, tasks and errors take 1.4 s instead of 1.8 s (capped at 600 MB as after an
    # import; 1.7 s instead of 2.1 s at 256 MB, where sixteen of raw's took 1.6 s against 1.2).
    per_copy: int = 16
    # Written in pieces of rows when a publish is short of memory (publish_lake's piece_rows):
    # raw, whose rows carry the payloads.
    pieces: bool = False

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
    LakeTable("raw_workflow_runs", by_day=True, marks="run_days", per_copy=4, pieces=True),
    LakeTable("workflow_runs", by_day=True, marks="run_days", derived=True),
    LakeTable("task_instances", by_day=True, marks="run_days", derived=True),
    LakeTable("workflow_errors", by_day=True, marks="run_days", derived=True),
    LakeTable("rejected_records", by_day=False, marks="rejected_records"),
    LakeTable("guard_actions", by_day=False, marks="guard_actions"),
    LakeTable("audit_events", by_day=True, marks="audit_days", derived=True),
    LakeTable("alerts_sent", by_day=False, marks="alerts_sent"),
)
