"""What a run looks like at a given simulated time, derived from its plan and any stop request.

Nothing here mutates a plan: the state, ended_at and tasks at time t are computed, so moving the
clock forward makes runs progress and the same time always gives the same answer. A stop request
truncates the plan: running tasks go to stopping then stopped, unstarted ones are canceled.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from wf_etl.simulator import catalog
from wf_etl.simulator.history import RunPlan, fill, second_of_day, token, ymd

STOP_DELAY_MS = 4_000  # "stopping" lasts this long before the run is "stopped"
TERMINAL = frozenset({"succeeded", "failed", "canceled", "stopped", "skipped"})
TITLE = {
    "started": "Started",
    "in_progress": "In progress",
    "running_with_failures": "Running with failures",
    "stopping": "Stopping",
    "stopped": "Stopped",
    "succeeded": "Succeeded",
    "failed": "Failed",
    "canceled": "Canceled",
    "running": "Running",
    "finalizing": "Finalizing",
    "skipped": "Skipped",
}
CANCEL_ERROR = {
    "attribution": "customer",
    "type": catalog.CANCEL_TYPE,
    "message": "Workflow manually stopped",
}


def iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def canonical(state: str) -> str:
    """The spelling-insensitive form used for filtering: lower case, underscores."""
    return "_".join(state.strip().lower().replace("-", " ").replace("_", " ").split())


def spell(state: str, title: bool) -> str:
    return TITLE.get(state, state) if title else state


@dataclass(frozen=True, slots=True)
class RunState:
    state: str  # canonical
    ended_ms: int | None
    error: dict[str, Any] | None


def run_state(plan: RunPlan, now_ms: int, stop_ms: int | None) -> RunState:
    """The run's state at now_ms (the caller ensures created_ms <= now_ms)."""
    end = plan.planned_end_ms
    if stop_ms is not None and (end is None or stop_ms < end):
        done = stop_ms + STOP_DELAY_MS
        if now_ms < done:
            return RunState("stopping", None, None)
        return RunState("stopped", done, dict(CANCEL_ERROR))
    if end is not None and now_ms >= end:
        return RunState(plan.outcome, end, plan.error)
    if now_ms < plan.created_ms + 2_000:
        return RunState("started", None, None)
    if plan.fail_ms is not None and now_ms >= plan.fail_ms:
        return RunState("running_with_failures", None, None)
    return RunState("in_progress", None, None)


@dataclass(frozen=True, slots=True)
class TaskPlan:
    fields: dict[str, Any]  # static fields (id, label, ...), absent ones left out
    start_ms: int
    end_ms: int | None  # None: never ends (runaway)
    outcome: str
    error: dict[str, Any] | None


def _segments(rng: random.Random, count: int, begin: int, end: int) -> list[tuple[int, int]]:
    """Lay `count` sequential tasks, with short gaps, over [begin, end)."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(count)]
    gap = 0.03 * sum(weights) / max(count, 1)
    total = sum(weights) + gap * (count + 1)
    scale = (end - begin) / total
    out, cursor = [], begin + gap * scale
    for w in weights:
        start = int(cursor)
        stop = int(cursor + w * scale)
        out.append((start, max(start, stop)))
        cursor += (w + gap) * scale
    return out


def _kind_key(kinds: tuple[str, ...], i: int) -> str:
    """The plan's kinds in order, then its middle kinds repeated (a run with more tables)."""
    if i < len(kinds) or len(kinds) == 1:
        return kinds[min(i, len(kinds) - 1)]
    return kinds[1 + (i - 1) % (len(kinds) - 1)]


def task_plans(plan: RunPlan) -> list[TaskPlan]:
    """The run's tasks, deterministic from its seed; computed on demand, cached by the caller."""
    rng = random.Random(plan.seed)
    n, k, created = plan.n_tasks, plan.fail_index, plan.created_ms
    end = plan.planned_end_ms
    if plan.outcome == "runaway":
        normal = int(plan.wtype.median_s * 1000 * 0.6)
        times: list[tuple[int, int | None]] = list(_segments(rng, k + 1, created, created + normal))
        times[k] = (times[k][0], None)
        outcomes = ["succeeded"] * k + ["running"]
    elif plan.outcome == "succeeded":
        times, outcomes = list(_segments(rng, n, created, end)), ["succeeded"] * n
    elif plan.fail_ms is not None:  # fails part-way, the rest keep running
        times = _segments(rng, k + 1, created, plan.fail_ms) + _segments(
            rng, n - k - 1, plan.fail_ms, end
        )
        outcomes = ["succeeded"] * k + ["failed"] + ["succeeded"] * (n - k - 1)
    else:
        last = "failed" if plan.outcome == "failed" else "stopped"
        after = "skipped" if plan.outcome == "failed" else "canceled"
        times = _segments(rng, k + 1, created, end) + [(end, end)] * (n - k - 1)
        outcomes = ["succeeded"] * k + [last] + [after] * (n - k - 1)
    kinds = plan.wtype.tasks
    result = []
    for i, ((start, stop), outcome) in enumerate(zip(times, outcomes, strict=True)):
        kind = catalog.TASK_KINDS[_kind_key(kinds, i)]
        fields: dict[str, Any] = {
            "id": f"wft-{ymd(start)}-{second_of_day(start):05d}-{token(rng, 6)}",
            "workflow_id": plan.id,
            "tenant": plan.tenant,
            "label": fill(rng.choice(kind.labels), rng, plan.tenant),
            "execution_type": rng.choice(kind.execution_types),
        }
        if kind.has_run_id:
            fields["run_id"] = (
                f"orb-{ymd(start)}-{token(rng, 11)}"
                if rng.random() < 0.6
                else f"abc-{ymd(start)}-{rng.randint(10000, 99999)}-{token(rng, 6)}"
            )
        if kind.definition_prefix:
            obj = rng.choice(catalog.TABLES).lower()
            fields["task_definition_id"] = f"{kind.definition_prefix}-{token(rng, 11)}-{obj}"
        if kind.definition_type:
            fields["task_definition_type"] = kind.definition_type
        if rng.random() < kind.timeout_share:
            typical = (stop - start) if stop is not None else plan.wtype.median_s * 300
            factor = rng.uniform(0.5, 0.9) if rng.random() < 0.05 else rng.uniform(2, 6)
            fields["timeout_ms"] = max(60_000, int(typical * factor) // 1000 * 1000)
        error = plan.error if outcome == "failed" else None
        result.append(TaskPlan(fields, start, stop, outcome, error))
    return result


def task_records(
    plan: RunPlan, tasks: list[TaskPlan], now_ms: int, stop_ms: int | None
) -> list[dict[str, Any]]:
    """The task_instances array as seen at now_ms."""
    end = plan.planned_end_ms
    stopped = stop_ms is not None and (end is None or stop_ms < end)
    done = stop_ms + STOP_DELAY_MS if stopped and stop_ms is not None else None
    out = []
    for task in tasks:
        start, stop, outcome = task.start_ms, task.end_ms, task.outcome
        if done is not None and stop_ms is not None:
            if start > stop_ms:  # never started: canceled once the stop completes
                if now_ms < done:
                    continue
                start, stop, outcome = done, done, "canceled"
            elif stop is None or stop > stop_ms:  # running at the stop: stopping, then stopped
                stop, outcome = done, "stopped"
        if start > now_ms:
            continue
        record = dict(task.fields)
        record["created_at"] = iso(start)
        if stop is not None and now_ms >= stop:
            record["state"] = spell(outcome, plan.title_case)
            record["ended_at"] = iso(stop)
            record["state_changed_at"] = iso(stop)
            if task.error is not None and outcome == "failed":
                record["error"] = task.error
        else:
            near_end = stop is not None and now_ms >= stop - min(2_000, (stop - start) // 20)
            state = "stopping" if done is not None and outcome == "stopped" else "running"
            if state == "running" and near_end:
                state = "finalizing"
            record["state"] = spell(state, plan.title_case)
            record["state_changed_at"] = iso(start)
        if record["execution_type"] == "legacy":
            record.pop("state_changed_at", None)
        out.append(record)
    return out
