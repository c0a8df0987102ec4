"""Secrets stay secret: a full sync's logs, Dagster storage and warehouse never hold them.

Two syncs with debug logging on, `wf-etl -v sync` with an API key exchanged for tokens and the
same job in process with a static token, record their runs under a temporary DAGSTER_HOME.
Their output and every byte they left behind is then searched for the secrets and for each
access token the exchange minted.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import SIM_NOW
from tests.defs.test_cli_sync import wf_etl
from tests.reliability.conftest import (
    files_containing,
    rows,
    warehouse_contains,
    warehouse_places,
)
from wf_etl.defs.launch import run_sync
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

TOKEN = "tok-Zq81xVw3Lm0PaaS"
CLIENT_ID = "cid-visible-in-the-ui"
CLIENT_SECRET = "csec-Hn52Jd9Kw1RtYy7"
FROM = (SIM_NOW - timedelta(days=2)).isoformat()


@pytest.mark.slow
def test_a_full_sync_leaves_no_secret_in_logs_dagster_storage_or_the_warehouse(
    clean_env: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, db = tmp_path / "dagster_home", tmp_path / "wh.duckdb"
    home.mkdir()
    with Simulator(
        tenants=("acme",),
        token=TOKEN,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        seed=8,
        days=3,
        runs_per_day=8,
        rate_limit_per_s=1000,
        now=SIM_NOW,
    ) as sim:
        for var, value in {
            "AMPERITY_BASE_URL": str(sim.base_url),
            "AMPERITY_TENANT": "acme",
            "DAGSTER_HOME": str(home),
            "WF_ETL_MAX_REQUESTS_PER_SECOND": "200",
        }.items():
            clean_env.setenv(var, value)
        # An API key, exchanged for tokens: `wf-etl -v sync` as a user runs it.
        with_key = wf_etl(
            "-v", "sync", "--from", FROM, "--to", SIM_NOW.isoformat(), "--db", str(db),
            env={"AMPERITY_CLIENT_ID": CLIENT_ID, "AMPERITY_CLIENT_SECRET": CLIENT_SECRET},
        )  # fmt: skip
        assert with_key.returncode == 0, with_key.stderr
        # A static token: the same job in this process, every logger at DEBUG.
        sim.advance(3600)  # so this sync has runs to write too
        clean_env.setenv("AMPERITY_API_TOKEN", TOKEN)
        caplog.set_level(logging.DEBUG)
        window = Window(SIM_NOW - timedelta(days=2), sim.now())
        assert run_sync(window, duckdb_path=str(db), console_log_level="DEBUG").success
        minted = sim.issued_tokens()
        authorised = {r.status for r in sim.requests if r.endpoint in ("list", "get")}

    assert minted and authorised == {200}, "both syncs must have been let in"
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert len(instance.get_runs()) == 2  # the storage searched below is where they went
    captured = capsys.readouterr()
    output = with_key.stdout + with_key.stderr + captured.out + captured.err + caplog.text
    assert "DEBUG" in with_key.stderr and "DEBUG" in caplog.text  # every log line is searched
    # The search does find what was stored: a run id is in the logs, the storage, the file.
    (run_id,) = rows(db, "select min(id) from raw_workflow_runs")[0]
    assert run_id in output and files_containing(home, run_id) and warehouse_contains(db, run_id)

    secrets = [TOKEN, CLIENT_SECRET, *minted, *(token.rsplit(".", 1)[-1] for token in minted)]
    in_tables = warehouse_places(db, secrets)
    leaks = {
        secret: {
            "logs": secret in output,
            "files": files_containing(tmp_path, secret),  # DAGSTER_HOME and the warehouse
            "warehouse tables": in_tables[secret],
        }
        for secret in secrets
    }
    assert all(not any(where.values()) for where in leaks.values()), leaks
