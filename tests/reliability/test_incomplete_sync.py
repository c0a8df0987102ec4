"""A sync that leaves runs unloaded by failures that may pass says so and exits 3.

`wf-etl sync` runs as a subprocess against the simulator; two runs answer 503 on every
attempt. The others load, the summary says INCOMPLETE, and the exit status is 3, so a
scheduler or a script does not take the window as done.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.conftest import SIM_NOW
from tests.defs.test_cli_sync import wf_etl
from tests.reliability.conftest import rows, runs_in
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

DAY = Window(SIM_NOW - timedelta(days=1), SIM_NOW)


def test_runs_left_unloaded_by_503s_make_the_sync_incomplete_with_exit_status_3(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    listed = list(runs_in(quick_sim, DAY))
    down = listed[:2]
    quick_sim.faults.set("http_503", run_ids=down, endpoints=("get",))
    env = {"DAGSTER_HOME": str(tmp_path), "WF_ETL_MAX_ATTEMPTS": "2"}
    args = ("sync", "--from", DAY.start.isoformat(), "--to", DAY.end.isoformat(), "--db", str(db))

    done = wf_etl(*args, env=env)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "INCOMPLETE" in done.stdout and "2 retryable" in done.stdout
    assert "incomplete: 2 runs left unloaded" in done.stderr
    loaded = {rid for (rid,) in rows(db, "select id from workflow_runs")}
    assert loaded == set(listed) - set(down)

    quick_sim.faults.clear()
    again = wf_etl(*args, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert {rid for (rid,) in rows(db, "select id from workflow_runs")} == set(listed)
