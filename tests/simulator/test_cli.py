"""`wf-etl simulate` as a real subprocess: announces, serves, stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

# The installed console script: `python -m wf_etl.cli` would load cli.py twice (as __main__).
WF_ETL = str(Path(sys.executable).parent / "wf-etl")


def test_simulate_serves_until_sigterm() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wf_etl.cli",
            "simulate",
            "--port",
            "0",
            "--tenant",
            "acme,globex",
            "--days",
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        facts = {}
        for line in proc.stdout:
            if "=" in line and not line.startswith(("export", "curl")):
                key, _, value = line.strip().partition("=")
                facts[key] = value
            if line.startswith("curl"):
                break
        assert facts["base_url"].startswith("http://127.0.0.1:")
        assert facts["tenant"] == "acme,globex"
        headers = {
            "Authorization": f"Bearer {facts['token']}",
            "amperity-tenant": "globex",
            "api-version": "2024-04-01",
        }
        page = requests.get(f"{facts['base_url']}/workflow/runs", headers=headers, timeout=10)
        assert page.status_code == 200 and page.json()["data"]
        form = {
            "grant_type": "client_credentials",
            "client_id": facts["client_id"],
            "client_secret": facts["client_secret"],
        }
        token = requests.post(f"{facts['base_url']}/v0/oauth2/token", data=form, timeout=10)
        assert token.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_bad_latency_is_a_user_error() -> None:
    from wf_etl.cli import UserError
    from wf_etl.commands.simulate import parse_latency

    assert parse_latency("5:20") == (5.0, 20.0)
    with pytest.raises(UserError, match="MIN:MAX"):
        parse_latency("fast")
    done = subprocess.run(
        [WF_ETL, "simulate", "--latency-ms", "a:b", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "--latency-ms" in done.stderr
