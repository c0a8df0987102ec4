"""What wf-etl prints from outside text never carries a control character to the terminal.

The CLI runs as a subprocess, as a user runs it; its whole output is searched for ESC.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.defs.test_cli_sync import wf_etl
from tests.hostile.conftest import TOKEN
from tests.hostile.server import HostileServer, json_answer
from wf_etl.terminal import printable

ESC = "\x1b"
CLEAR_SCREEN = ESC + "[2J"


def test_printable_spells_out_controls_and_keeps_the_rest() -> None:
    text = f"run wf-1{CLEAR_SCREEN}\nfake line\u202eevil\t é 🦆 ok"
    assert printable(text) == "run wf-1\\x1b[2J\\nfake line\\u202eevil\\t é 🦆 ok"


def test_import_prints_a_rejected_records_escape_sequence_spelled_out(tmp_path: Path) -> None:
    record = {"id": f"wf-{CLEAR_SCREEN}x", "state": "failed", "created_at": f"{ESC}[31mnow"}
    path = tmp_path / "runs.jsonl"
    path.write_text(json.dumps(record) + "\n")
    done = wf_etl("import", str(path), "--tenant", "acme", "--db", str(tmp_path / "wh.duckdb"))
    assert done.returncode == 0, done.stderr
    assert ESC not in done.stdout + done.stderr
    assert "rejected: line 1, run wf-\\x1b[2Jx: created_at '\\x1b[31mnow'" in done.stdout


@pytest.mark.slow
def test_sync_prints_a_servers_escape_sequence_spelled_out(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with HostileServer() as server:
        server.answers["/api/workflow/runs"] = json_answer(
            {"status": 400, "message": f"bad window{CLEAR_SCREEN}\nwf-etl sync: succeeded"}, 400
        )
        env = {
            "AMPERITY_BASE_URL": server.base_url,
            "AMPERITY_TENANT": "acme",
            "AMPERITY_API_TOKEN": TOKEN,
            "DAGSTER_HOME": str(tmp_path),
        }
        done = wf_etl(
            "sync", "--from", "2026-06-01", "--to", "2026-06-02",
            "--db", str(tmp_path / "wh.duckdb"), env=env,
        )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "bad window\\x1b[2J\\nwf-etl sync: succeeded" in output
    assert ESC not in output and "\nwf-etl sync: succeeded" not in output
