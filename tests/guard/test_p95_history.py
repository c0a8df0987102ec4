"""The p95 limit comes from the warehouse's history of succeeded runs of the same type."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from wf_etl.guard.limits import p95_by_type
from wf_etl.simulator import Simulator


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_p95_per_type_is_computed_from_succeeded_runs_in_the_warehouse(
    guard_sim: Simulator, warehouse: Path
) -> None:

    # the expectation is computed from the API's records, independently of the SQL
    runs = pd.DataFrame(
        {
            "type": r["type"],
            "state": r["state"].lower(),
            "runtime_ms": (when(r["ended_at"]) - when(r["created_at"])).total_seconds() * 1000,
        }
        for r in guard_sim.runs("acme")
        if "ended_at" in r
    )
    succeeded = runs[runs["state"] == "succeeded"].groupby("type")["runtime_ms"]
    expected = pd.DataFrame({"runs": succeeded.size(), "p95": succeeded.quantile(0.95)})

    con = duckdb.connect(str(warehouse))
    history = p95_by_type(con, "acme", guard_sim.now() - timedelta(days=30))
    recent = p95_by_type(con, "acme", guard_sim.now() - timedelta(days=2))
    other_tenant = p95_by_type(con, "other", guard_sim.now() - timedelta(days=30))
    con.close()

    assert set(history) == set(expected.index)
    for wtype, row in expected.iterrows():
        assert history[wtype].runs == row["runs"]
        assert abs(history[wtype].p95_ms - row["p95"]) < 1.0
    # failed, stopped and canceled runs are not part of a type's normal runtime
    assert sum(h.runs for h in history.values()) < len(runs)
    # the history window bounds which runs count
    assert sum(h.runs for h in recent.values()) < sum(h.runs for h in history.values())
    assert other_tenant == {}  # per tenant
