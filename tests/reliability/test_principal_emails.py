"""WF_ETL_HASH_PRINCIPAL_EMAILS: principal emails are digests before anything is stored."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import SIM_NOW
from tests.defs.test_cli_sync import wf_etl
from tests.reliability.conftest import files_containing, rows, runs_in, warehouse_places
from wf_etl.defs.launch import run_sync
from wf_etl.simulator import Simulator
from wf_etl.warehouse.principals import email_digest
from wf_etl.windows import Window

WINDOW = Window(SIM_NOW - timedelta(days=3), SIM_NOW)


def people(truth: dict[str, dict]) -> dict[str, str]:
    """Run id -> principal email, for the runs a person launched."""
    return {rid: r["principal_email"] for rid, r in truth.items() if r.get("principal_email")}


def test_a_sync_with_hashing_on_stores_no_principal_email_anywhere(
    quick_sim: Simulator, clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "wh.duckdb"
    emails = people(runs_in(quick_sim, WINDOW))
    assert len(set(emails.values())) >= 2
    cut = sorted(emails)[0]  # its truncated answer, email included, goes to rejected_records
    quick_sim.faults.set("truncated", run_ids=[cut], endpoints=("get",))
    clean_env.setenv("WF_ETL_HASH_PRINCIPAL_EMAILS", "true")

    assert run_sync(WINDOW, duckdb_path=str(db)).success

    assert warehouse_places(db, sorted(set(emails.values()))) == {e: [] for e in emails.values()}
    assert all(files_containing(tmp_path, email) == [] for email in emails.values())
    stored = dict(rows(db, "select id, principal_email from workflow_runs"))
    assert {rid: stored[rid] for rid in emails if rid != cut} == {
        rid: email_digest(email) for rid, email in emails.items() if rid != cut
    }
    humans = rows(
        db, "select distinct is_automated from workflow_runs where principal_email is not null"
    )
    assert humans == [(False,)]  # still told apart from scheduled runs
    (payload,) = rows(db, "select payload from rejected_records where workflow_id = ?", [cut])[0]
    assert email_digest(emails[cut]) in payload


def test_an_import_with_hashing_on_stores_no_principal_email(
    quick_sim: Simulator, tmp_path: Path
) -> None:
    truth = runs_in(quick_sim, WINDOW)
    emails = set(people(truth).values())
    lines = [json.dumps(r) for r in truth.values()]
    lines.append(lines[0][: len(lines[0]) // 2])  # a truncated line: a rejection
    export = tmp_path / "runs.jsonl"
    export.write_text("\n".join(lines) + "\n")

    kept, hashed = tmp_path / "kept.duckdb", tmp_path / "hashed.duckdb"
    assert wf_etl("import", str(export), "--db", str(kept)).returncode == 0
    on = {"WF_ETL_HASH_PRINCIPAL_EMAILS": "1"}
    result = wf_etl("import", str(export), "--db", str(hashed), env=on)
    assert result.returncode == 0, result.stderr

    # Without the switch the emails are there (so the search below would find them) ...
    assert all(warehouse_places(kept, sorted(emails)).values())
    # ... with it, none is, while the runs and the rejection are all there.
    assert warehouse_places(hashed, sorted(emails)) == {email: [] for email in emails}
    assert rows(hashed, "select count(*) from workflow_runs") == [(len(truth),)]
    assert rows(hashed, "select count(*) from rejected_records") == [(1,)]
