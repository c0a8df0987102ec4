"""A long sync killed with SIGKILL at any moment loses at most the batch in flight; the next
sync fetches nothing already landed and leaves the same tables as a sync never interrupted.

`wf-etl sync` runs as a subprocess with small batches. It is killed while fetching (after
some verbose answers arrived), inside a load transaction (raw upserted, not committed), and
between a batch's commit and its bookkeeping (landed, not yet recorded).
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SIM_NOW, point_env_at
from tests.defs.test_cli_sync import snapshot, wf_etl
from tests.reliability.test_crash_safety import PAUSED_CLI  # the CLI, paused after a SQL file
from wf_etl.settings import StorageLayout
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=4), SIM_NOW)
TERMINAL = {"succeeded", "failed", "canceled", "cancelled", "stopped", "skipped"}
LAND_SUMMARY = "What one landing did, for LandResult"  # sql/transform/land/50_land_summary.sql
SMALL_BATCHES = {"WF_ETL_BATCH_RUNS": "15", "WF_ETL_BATCH_SECONDS": "1"}


@pytest.fixture
def slow_sim(clean_env: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """Four days of a busy-ish tenant whose answers take 30-90 ms, so a sync lasts seconds."""
    with Simulator(
        tenants=("acme",),
        seed=23,
        days=5,
        runs_per_day=40,
        latency_ms=(30, 90),
        rate_limit_per_s=1000,
        now=SIM_NOW,
    ) as simulator:
        point_env_at(clean_env, simulator)
        clean_env.setenv("WF_ETL_MAX_REQUESTS_PER_SECOND", "60")
        clean_env.setenv("WF_ETL_FETCH_WORKERS", "4")
        yield simulator


def sync_args(db: Path) -> list[str]:
    return [
        "sync",
        "--from",
        WINDOW.start.isoformat(),
        "--to",
        WINDOW.end.isoformat(),
        "--db",
        str(db),
    ]


def kill_when(ready: Callable[[], bool], args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **SMALL_BATCHES, **env},
    )
    try:
        for _ in range(1200):  # a bounded wait for the moment, not a timing assertion
            if ready() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"the sync ended before the kill:\n{proc.communicate()[0]}"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def landed_terminal_ids(db: Path) -> set[str]:
    """Runs whose terminal answer is stored anywhere: working database or landing zone."""
    layout = StorageLayout.beside(str(db))
    found: set[str] = set()
    if Path(layout.working_path).exists():
        with duckdb.connect(layout.working_path, read_only=True) as con:
            found |= {
                r
                for (r,) in con.execute(
                    "select id from raw_workflow_runs where is_terminal"
                ).fetchall()
            }
    for path in Path(layout.landing_url).rglob("*.jsonl.gz"):
        for line in gzip.decompress(path.read_bytes()).decode().splitlines():
            record = json.loads(line)
            body = json.loads(record["body"]) if record["body"] and not record["error"] else {}
            state = str(body.get("state", "")).strip().lower().replace(" ", "_")
            if state in TERMINAL:
                found.add(record["run_id"])
    return found


def verbose_gets(sim: Simulator) -> list[str]:
    return [r.run_id for r in sim.requests if r.endpoint == "get" and r.run_id]


def marker_written(path: Path) -> Callable[[], bool]:
    return path.exists


@pytest.mark.slow
@pytest.mark.parametrize(
    "moment", ["fetching", "inside a load", "after a load's commit, before its record"]
)
def test_a_sync_killed_at_any_moment_resumes_without_refetching_what_landed(
    slow_sim: Simulator, tmp_path: Path, moment: str
) -> None:
    reference = tmp_path / "reference" / "wh.duckdb"
    assert wf_etl(*sync_args(reference), env=SMALL_BATCHES).returncode == 0
    expected = snapshot(reference)
    slow_sim.clear_requests()

    db = tmp_path / "killed" / "wh.duckdb"
    marker = tmp_path / "paused"
    if moment == "fetching":
        kill_when(
            lambda: len(verbose_gets(slow_sim)) >= 60,
            sync_args(db),
            {"CRASH_AFTER_SQL": "-- never"},
        )
    else:
        # raw upserted, not committed; or committed, the batch not yet recorded as loaded
        after = "insert into raw_workflow_runs" if moment == "inside a load" else LAND_SUMMARY
        kill_when(
            marker_written(marker),
            sync_args(db),
            {"CRASH_MARKER": str(marker), "CRASH_AFTER_SQL": after},
        )
    landed = landed_terminal_ids(db)
    assert landed, "nothing had landed before the kill: the kill came too early to test"

    slow_sim.clear_requests()
    rerun = wf_etl(*sync_args(db), env=SMALL_BATCHES)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    refetched = set(verbose_gets(slow_sim))
    assert not (refetched & landed), f"{len(refetched & landed)} landed runs fetched again"
    assert snapshot(db) == expected
