"""What a user watching `wf-etl sync` sees: a progress bar in a terminal, periodic lines with
counts, rate and ETA when the output is a pipe or a log, and nothing of Dagster's own chatter."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import SIM_NOW, point_env_at
from tests.defs.test_cli_sync import wf_etl
from wf_etl.simulator import Simulator

WINDOW_ARGS = ["--from", (SIM_NOW - timedelta(days=3)).isoformat(), "--to", SIM_NOW.isoformat()]
CHATTER = ("Telemetry", "No dagster instance configuration", "BetaWarning", "Traceback")


@pytest.fixture
def paced_sim(clean_env: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """About 100 runs at 40 requests/s: a fetch that lasts a few seconds."""
    with Simulator(
        tenants=("acme",), seed=5, days=4, runs_per_day=30, rate_limit_per_s=1000, now=SIM_NOW
    ) as simulator:
        point_env_at(clean_env, simulator)
        clean_env.setenv("WF_ETL_MAX_REQUESTS_PER_SECOND", "40")
        yield simulator


def run_in_pty(args: list[str], env: dict[str, str]) -> str:
    """The command's output as a terminal shows it (stdout and stderr on one pty)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wf_etl.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed its end of the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=240) == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode(errors="replace")


def test_a_terminal_shows_a_bar_with_counts_rate_and_eta(
    paced_sim: Simulator, tmp_path: Path
) -> None:
    home = tmp_path / "dagster_home"  # a home without dagster.yaml must not bring warnings
    home.mkdir()
    out = run_in_pty(
        ["sync", *WINDOW_ARGS, "--db", str(tmp_path / "wh.duckdb")],
        {"DAGSTER_HOME": str(home)},
    )
    planned = int(re.search(r"(\d+) to fetch", out).group(1))
    assert planned > 50
    assert re.search(rf"acme fetch: +100%\|.*\| {planned}/{planned} \[", out), out
    assert re.search(r"run/s\]", out)
    assert not [c for c in CHATTER if c in out], out


def test_a_pipe_gets_a_line_every_few_seconds_with_counts_rate_and_eta(
    paced_sim: Simulator, tmp_path: Path
) -> None:
    done = wf_etl(
        "sync", *WINDOW_ARGS, "--db", str(tmp_path / "wh.duckdb"),
        env={"WF_ETL_PROGRESS_EVERY_S": "0.5"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = re.findall(r"acme: fetched (\d+)/(\d+) runs \(([\d.]+)/s, ETA ([^)]+)\)", done.stdout)
    assert len(lines) >= 2, done.stdout
    counts = [int(n) for n, *_ in lines]
    assert counts == sorted(counts) and all(0 < n < int(lines[0][1]) for n in counts)
    assert all(float(rate) > 0 for _, _, rate, _ in lines)
    assert "\r" not in done.stdout and "|" not in done.stdout  # no bar drawn into a pipe
    assert not [c for c in CHATTER if c in done.stdout + done.stderr], done.stderr
