"""The report's sections on changes, stops, flakiness, new error families and regressions."""

from __future__ import annotations

from typing import Any

from wf_etl.analytics.report_format import (
    SECTIONS,
    Column,
    Section,
    fmt_instant_short,
    fmt_ms,
    fmt_pct,
    fmt_text,
    num,
)


def fmt_minutes(value: Any) -> str:
    return "-" if value is None else fmt_ms(float(value) * 60_000)


def fmt_ratio(value: Any) -> str:
    return "-" if value is None else f"{float(value):.2f}x"


def fmt_flag(value: Any) -> str:
    return "yes" if value else "no"


def fmt_recovery(value: Any) -> str:
    labels = {"fixed_after_change": "by a fix", "transient": "rerun", "unrecovered": "not yet"}
    return labels.get(value, fmt_text(value))


CHANGE_SECTIONS: tuple[Section, ...] = (
    Section(
        "What changed before it broke",
        "changed_before_failure",
        (
            Column("failed run", "created_at", fmt_instant_short),
            Column("workflow", "workflow_name", width=18),
            Column("change", "changed_object_kind", width=11),
            Column("object", "changed_object_name", width=16),
            Column("by", "changed_by", width=14),
            num("before", "minutes_before_run", fmt_minutes),
            Column("back", "recovery_kind", fmt_recovery),
        ),
        "latest failed runs and the configuration change closest before them (6 h window); "
        "back: by a fix (a further change), rerun (no change), not yet",
    ),
    Section(
        "Who stopped canceled runs",
        "stopped_by",
        (Column("stopped by", "stopped_by"), num("runs", "runs")),
        "user: a stop in the audit log; guard: the runaway guard; api: an API key; "
        "platform: no stop request known",
    ),
    Section(
        "Flaky workflows",
        "flaky_workflows",
        (
            Column("tenant", "tenant", width=14),
            Column("workflow", "workflow_name", width=32),
            num("runs", "decided_runs"),
            num("failed", "failures"),
            num("flaky", "flaky_failures"),
            num("score", "flakiness_score", fmt_pct),
        ),
        "flaky: a failure the next run fixed with no configuration change in between; "
        "score = flaky / runs",
    ),
    Section(
        "Flaky task types",
        "flaky_task_types",
        (
            Column("task type", "task_definition_type", width=30),
            Column("execution", "execution_type", width=16),
            num("tasks", "terminal_tasks"),
            num("flaky", "flaky_task_failures"),
            num("score", "flakiness_score", fmt_pct),
        ),
    ),
    Section(
        "New error families",
        "new_error_families",
        (
            Column("first seen", "first_seen", fmt_instant_short),
            Column("whose", "attribution"),
            num("failures", "failures"),
            Column("error family", "error_family", width=56),
        ),
        "first seen in the 7 days before the end of the report",
    ),
    Section(
        "Slower than their own baseline",
        "runtime_regressions",
        (
            Column("workflow", "workflow_name", width=30),
            num("base runs", "baseline_runs"),
            num("base p50", "baseline_p50_ms", fmt_ms),
            num("recent", "recent_runs"),
            num("recent p50", "recent_p50_ms", fmt_ms),
            num("ratio", "slowdown_ratio", fmt_ratio),
            Column("regression", "is_regression", fmt_flag),
        ),
        "recent: succeeded runs of the last 3 days; baseline: the 28 days before; regression: "
        ">= 1.5x the baseline median and above its p90, with >= 3 recent and 10 baseline runs",
    ),
)
# Every section in print order: the failure sections, then the change and flakiness ones.
ALL_SECTIONS = SECTIONS + CHANGE_SECTIONS
