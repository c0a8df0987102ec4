"""Number formats and the report's table layout, shared by the text and Markdown renderers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def fmt_int(value: Any) -> str:
    return "-" if value is None else f"{int(value):,}"


def fmt_pct(value: Any) -> str:
    return "-" if value is None else f"{100 * float(value):.1f}%"


def fmt_ms(value: Any) -> str:
    """A duration a person reads at a glance: 850 ms, 42.0 s, 12m 05s, 3h 20m, 2d 04h."""
    if value is None:
        return "-"
    ms = float(value)
    if ms < 1000:
        return f"{ms:.0f} ms"
    seconds = ms / 1000
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, sec = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {sec:02d}s"
    hours, minute = divmod(minutes, 60)
    if hours < 48:
        return f"{hours}h {minute:02d}m"
    days, hour = divmod(hours, 24)
    return f"{days}d {hour:02d}h"


def fmt_text(value: Any) -> str:
    return "-" if value is None else " ".join(str(value).split())


def fmt_bool(value: Any) -> str:
    return {True: "changed", False: "unchanged"}.get(value, "unknown")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    fmt: Callable[[Any], str] = fmt_text
    width: int = 0  # 0: as wide as the data; otherwise text is cut to this width
    numeric: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    key: str
    columns: tuple[Column, ...]
    note: str = ""


def num(header: str, key: str, fmt: Callable[[Any], str] = fmt_int) -> Column:
    return Column(header, key, fmt, numeric=True)


SECTIONS: tuple[Section, ...] = (
    Section(
        "Top error families",
        "error_families",
        (
            num("failures", "failures"),
            num("workflows", "workflows_affected"),
            Column("attribution", "attribution"),
            Column("message family", "message_family", width=62),
        ),
        "messages that differ only by object names, ids or numbers count together",
    ),
    Section(
        "Top error types",
        "error_types",
        (
            num("failures", "failures"),
            num("workflows", "workflows_affected"),
            Column("attribution", "attribution"),
            Column("error type", "error_type", width=60),
        ),
    ),
    Section(
        "Tasks that fail most",
        "failing_tasks",
        (
            Column("task type", "task_definition_type", width=32),
            Column("execution", "execution_type", width=16),
            num("tasks", "task_runs"),
            num("failed", "failed"),
            num("rate", "failure_rate", fmt_pct),
            num("timeouts", "timeouts_exceeded"),
            num("p95", "p95_runtime_ms", fmt_ms),
        ),
    ),
    Section(
        "First task to fail in failed runs",
        "root_cause_tasks",
        (
            Column("task type", "task_definition_type", width=40),
            num("failed runs", "failed_runs"),
            num("customer", "customer"),
            num("platform", "platform"),
        ),
    ),
    Section(
        "Slowest workflow types",
        "runtime_by_type",
        (
            Column("workflow type", "workflow_type", width=40),
            num("runs", "timed_runs"),
            num("p50", "p50_runtime_ms", fmt_ms),
            num("p95", "p95_runtime_ms", fmt_ms),
            num("max", "max_runtime_ms", fmt_ms),
            num("over warn", "runs_over_warn_after"),
        ),
        "finished runs; runtime = ended_at - created_at",
    ),
    Section(
        "Recovery after failure",
        "recovery",
        (
            Column("tenant", "tenant", width=16),
            Column("workflow", "workflow_name", width=34),
            num("failures", "failures"),
            num("unrecovered", "unrecovered_failures"),
            num("median", "median_time_to_recovery_ms", fmt_ms),
            num("max", "max_time_to_recovery_ms", fmt_ms),
        ),
        "from the failed run's end to the end of the next success of the same workflow",
    ),
    Section(
        "Configuration changed mid-run",
        "config_change",
        (
            Column("config", "config_changed", fmt_bool),
            num("runs", "runs"),
            num("finished", "terminal_runs"),
            num("failed", "failed_runs"),
            num("failure rate", "failure_rate", fmt_pct),
        ),
    ),
)


def cells(section: Section, rows: list[dict[str, Any]], cut: bool = True) -> list[list[str]]:
    """The section's rows as display text, cut to each column's width (`cut=False` for HTML,
    where long text wraps instead)."""
    out = []
    for row in rows:
        line = []
        for column in section.columns:
            text = column.fmt(row.get(column.key))
            if cut and column.width and len(text) > column.width:
                text = text[: column.width - 1] + "…"
            line.append(text)
        out.append(line)
    return out


def headline_lines(data: dict[str, Any]) -> list[str]:
    """The headline as short sentences, the same in every text format."""
    h = data["headline"]
    failed = h["failed"]

    def share(part: int) -> str:
        return f"{fmt_int(part)} ({fmt_pct(part / failed)})" if failed else fmt_int(part)

    retry = data["platform_retry"]
    lines = [
        f"Runs {fmt_int(h['runs'])}, finished {fmt_int(h['terminal'])}, "
        f"failed {fmt_int(failed)}: failure rate {fmt_pct(h['failure_rate'])}",
        f"Whose fault: customer {share(h['customer_failures'])}, "
        f"platform {share(h['platform_failures'])}, unattributed {share(h['unattributed'])}",
    ]
    if retry["platform_failures"]:
        lines.append(
            f"Platform failures followed by a success within a day: "
            f"{fmt_int(retry['recovered_within_day'])} of {fmt_int(retry['platform_failures'])} "
            f"({fmt_pct(retry['transient_share'])})"
        )
    lines += change_lines(data)
    return lines


def change_lines(data: dict[str, Any]) -> list[str]:
    """One sentence per attribution: how many failures followed a change, how they recovered."""
    lines = []
    for row in data.get("change_summary") or []:
        if row["attribution"] not in ("customer", "platform") or not row["failures"]:
            continue
        lines.append(
            f"{row['attribution'].capitalize()} failures after a change (6 h): "
            f"{fmt_int(row['after_change'])} of {fmt_int(row['failures'])}; back: after a "
            f"change {fmt_int(row['fixed_after_change'])}, by a rerun {fmt_int(row['transient'])}"
        )
    return lines


def fmt_instant_short(value: Any) -> str:
    """An instant in a narrow column: 06-03 14:05 (UTC, as every time in the report)."""
    text = fmt_instant(value if isinstance(value, str) or value is None else str(value))
    return text[5:16] if text.endswith(" UTC") else text


def fmt_instant(value: str | None) -> str:
    """An ISO instant as a reader writes it (2026-11-09 00:00 UTC); JSON keeps the ISO form."""
    if not value:
        return "-"
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return value
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%d %H:%M UTC")


def scope_line(data: dict[str, Any]) -> str:
    scope = data["scope"]
    start = fmt_instant(scope["from"] or scope["first_created_at"])
    end = fmt_instant(scope["to"] or scope["last_created_at"])
    return f"Tenants {scope['tenants']}; runs created {start} to {end}"
