"""Files that are not what an import expects: huge lines, hostile tenants, a BOM, a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.warehouse.builders import rows, run, task
from wf_etl.warehouse import import_jsonl


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_line_over_the_size_limit_is_rejected_by_number_and_the_rest_loads(con, tmp_path):
    huge = run("wf-huge", tasks=[task(f"t-{i}", label="x" * 1000) for i in range(3000)])
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps(huge) + "\n" + json.dumps(run("wf-small")) + "\n", encoding="utf-8")
    assert path.stat().st_size > 3 * 2**20

    landed, _ = import_jsonl(con, path, max_record_mb=1)

    assert (landed.landed, landed.rejected) == (1, 1)
    assert rows(con, "select id from raw_workflow_runs") == [("wf-small",)]
    ((reason, payload),) = rows(con, "select reason, payload from rejected_records")
    assert reason.startswith("line 1, run (no id): the record is 3.")
    assert "over the 1 MB limit (WF_ETL_MAX_RECORD_MB)" in reason
    assert payload == json.dumps(huge)[:1000]
    landed_again, _ = import_jsonl(con, path, max_record_mb=1)  # a rerun does the same
    assert (landed_again.landed, landed_again.rejected) == (1, 1)


def test_the_cli_takes_the_size_limit_from_the_environment(tmp_path):
    path = tmp_path / "runs.jsonl"
    big = json.dumps(run("wf-big", tasks=[task(f"t-{i}") for i in range(20)]))
    path.write_text(big + "\n" + json.dumps(run("wf-ok")) + "\n", encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    limit = str(len(big) / 2 / 2**20)  # half the first line

    done = cli("import", str(path), "--db", str(db), cwd=tmp_path,
               env={"WF_ETL_MAX_RECORD_MB": limit})  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert "loaded 1 runs, rejected 1" in done.stdout
    assert "line 1, run (no id): the record is" in done.stdout


@pytest.mark.parametrize("tenant", ["../../evil", "acme\nmallory", "o'brien", "ACME", ""])
def test_a_record_naming_a_tenant_sync_would_refuse_is_rejected(con, tmp_path, tenant):
    path = tmp_path / "runs.jsonl"
    path.write_text(
        json.dumps(run("wf-bad-tenant", tenant=tenant)) + "\n" + json.dumps(run("wf-ok")) + "\n",
        encoding="utf-8",
    )
    landed, _ = import_jsonl(con, path)
    assert (landed.landed, landed.rejected) == (1, 1)
    ((stored_tenant, reason),) = rows(con, "select tenant, reason from rejected_records")
    assert reason == (
        f"line 1, run wf-bad-tenant: tenant {json.dumps(tenant)} is not a DNS label "
        "(1-63 lowercase letters, digits or hyphens)"
    )
    assert stored_tenant == "unknown"  # the bad value names no table row, file or path
    assert rows(con, "select distinct tenant from raw_workflow_runs") == [("acme",)]


def test_a_byte_order_mark_before_the_first_record_is_not_part_of_it(con, tmp_path):
    path = tmp_path / "bom.jsonl"
    text = json.dumps(run("wf-1")) + "\n" + json.dumps(run("wf-2")) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    landed, _ = import_jsonl(con, path)
    assert (landed.landed, landed.rejected) == (2, 0)
    ((payload,),) = rows(con, "select payload from raw_workflow_runs where id = 'wf-1'")
    assert payload == json.dumps(run("wf-1"))  # stored as received, without the mark


def test_the_cli_imports_from_a_named_pipe(tmp_path):
    fifo = tmp_path / "runs.pipe"
    os.mkfifo(fifo)
    lines = [json.dumps(run(f"wf-{i}", tasks=[task(f"t-{i}")])) for i in range(3)]

    def feed() -> None:
        with fifo.open("w", encoding="utf-8") as pipe:  # blocks until the import opens it
            pipe.write("\n".join(lines) + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        done = cli("import", str(fifo), "--db", str(tmp_path / "wh.duckdb"), cwd=tmp_path)
    finally:
        if writer.is_alive():  # the import failed before opening the pipe: unblock the writer
            with fifo.open("r", encoding="utf-8") as pipe:
                pipe.read()
        writer.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert "loaded 3 runs, rejected 0" in done.stdout
    assert "3 tasks" in done.stdout
