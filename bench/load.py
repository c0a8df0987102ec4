"""Benchmark: import 100,000 verbose runs (~1,000,000 tasks) and compare with DuckDB alone.

Generates a seeded JSON Lines file, imports it the way `wf-etl import FILE --db PATH` does (in a
child process, so its wall time, CPU time and peak RSS are measured alone), then times DuckDB's
own read_json + unnest of the same file into the same three tables as the reference. Then
`wf-etl rebuild` of the imported warehouse against DuckDB's own parse and unnest of that raw
layer into the three tables. The machine may be shared: compare the ratios, which are measured
in the same run, and repeat; CPU seconds (user + system) are less sensitive to other load.
It also times DuckDB alone storing the raw text (RAW_TEXT_SQL), the part of an import the
reference leaves out. Ends with:
rebuild_s=<x> rebuild_reference_s=<y> rebuild_ratio=<x/y>
wall_s=<x> reference_wall_s=<y> ratio=<x/y> peak_rss_mb=<m>

    .venv/bin/python bench/load.py [--runs 100000] [--out bench/out] [--file my.jsonl]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from wf_etl.settings import StorageLayout

REPO = Path(__file__).resolve().parent.parent
STATES = ["succeeded"] * 14 + ["Failed", "failed", "Running", "In progress", "canceled"]
TASK_TYPES = ["bridge.sync", "campaign.append-results", "database.run", "stitch.run"]
EXEC_TYPES = ["spark-sql", "prodigal", "databricks", "identity", "legacy"]
ERRORS = [
    ("customer", "amperity.workflow.task.stitch/table", "Found table in an invalid state"),
    ("platform", "amperity.workflow.task.spark/oom", "Executor lost"),
    ("customer", "amperity.workflow.workflow.repository.core/cancel", "Workflow manually stopped"),
]
BAD_LINES = ['{"id": "wf-bad", "created_at": ', "not json at all", '{"state": "failed"}']

# DuckDB alone: parse the file once with a declared structure, unnest into the three tables.
REFERENCE_SQL = """
create table ref_raw as select * from read_json($file, format = 'newline_delimited',
    ignore_errors = true, columns = {
        id: 'VARCHAR', tenant: 'VARCHAR', name: 'VARCHAR', type: 'VARCHAR', state: 'VARCHAR',
        created_at: 'TIMESTAMPTZ', ended_at: 'TIMESTAMPTZ', principal_name: 'VARCHAR',
        principal_id: 'VARCHAR', launched_version: 'VARCHAR', current_version: 'VARCHAR',
        warn_after_ms: 'BIGINT',
        error: 'STRUCT(attribution VARCHAR, type VARCHAR, message VARCHAR, data JSON)',
        task_instances: 'STRUCT(id VARCHAR, label VARCHAR, state VARCHAR, execution_type VARCHAR,
            task_definition_id VARCHAR, task_definition_type VARCHAR, run_id VARCHAR,
            timeout_ms BIGINT, created_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
            error STRUCT(attribution VARCHAR, type VARCHAR, message VARCHAR, data JSON))[]'});
create table ref_runs as
    select * exclude (task_instances, error), lower(state) as state_canonical,
        epoch_ms(ended_at) - epoch_ms(created_at) as runtime_ms, error.attribution,
        error.type as error_type, error.message as error_message,
        len(task_instances) as task_count
    from ref_raw where id is not null;
create table ref_tasks as
    select r.id as workflow_id, t.ordinal, unnest(t.task),
        epoch_ms(t.task.ended_at) - epoch_ms(t.task.created_at) as runtime_ms
    from ref_raw as r, unnest(r.task_instances) with ordinality as t(task, ordinal);
create table ref_errors as
    select id as workflow_id, null as task_id, 'workflow' as scope, unnest(error)
    from ref_raw where error is not null
    union all
    select workflow_id, id, 'task', unnest(error) from ref_tasks where error is not null;
"""


# DuckDB alone storing what the raw layer keeps and the reference above does not: every line's
# text as received, in the same zstd JSON column keyed on the run id. Reference plus this is
# DuckDB alone doing the same work as an import (the floor, not the target of the issue).
RAW_TEXT_SQL = """
create table ref_text (id varchar primary key, payload json using compression zstd);
insert into ref_text select json ->> 'id', json
    from read_json_objects($file, format = 'newline_delimited', ignore_errors = true)
    where json ->> 'id' is not null;
create table ref_runs as select count(*) from ref_text;
create table ref_tasks as select 0;
create table ref_errors as select 0;
"""
# DuckDB alone on the imported warehouse: parse each raw payload once with the same structure
# the model reads, unnest it into the three tables (what `wf-etl rebuild` re-derives).
REBUILD_REFERENCE_SQL = """
create temp table ref_parsed as select id, tenant, from_json(payload, '{
    "name": "VARCHAR", "type": "VARCHAR", "state": "VARCHAR", "created_at": "TIMESTAMPTZ",
    "ended_at": "TIMESTAMPTZ", "principal_id": "VARCHAR", "principal_name": "VARCHAR",
    "principal_email": "VARCHAR", "launched_version": "VARCHAR", "current_version": "VARCHAR",
    "warn_after_ms": "BIGINT",
    "error": {"attribution": "VARCHAR", "type": "VARCHAR", "message": "VARCHAR", "data": "JSON"},
    "task_instances": [{"id": "VARCHAR", "label": "VARCHAR", "state": "VARCHAR",
        "execution_type": "VARCHAR", "task_definition_id": "VARCHAR",
        "task_definition_type": "VARCHAR", "run_id": "VARCHAR", "timeout_ms": "BIGINT",
        "created_at": "TIMESTAMPTZ", "ended_at": "TIMESTAMPTZ",
        "error": {"attribution": "VARCHAR", "type": "VARCHAR", "message": "VARCHAR",
            "data": "JSON"}}]}') as rec
    from raw_workflow_runs;
create table ref_runs as
    select id, tenant, rec.name, rec.type, rec.state, lower(rec.state) as state_c,
        rec.created_at, rec.ended_at, rec.principal_id, rec.principal_name,
        rec.principal_email, rec.launched_version, rec.current_version, rec.warn_after_ms,
        epoch_ms(rec.ended_at) - epoch_ms(rec.created_at) as runtime_ms,
        rec.error.attribution, rec.error.type as error_type, rec.error.message as error_message,
        len(rec.task_instances) as task_count
    from ref_parsed;
create table ref_tasks as
    select r.id as workflow_id, r.tenant, t.ordinal, unnest(t.task),
        epoch_ms(t.task.ended_at) - epoch_ms(t.task.created_at) as runtime_ms
    from ref_parsed as r, unnest(r.rec.task_instances) with ordinality as t(task, ordinal);
create table ref_errors as
    select id as workflow_id, null as task_id, 'workflow' as scope, unnest(rec.error)
    from ref_parsed where rec.error.type is not null
    union all
    select workflow_id, id, 'task', unnest(error) from ref_tasks where error.type is not null;
"""
# Run SQL in DuckDB alone, in a child process: argv = database, SQL, file substituted for $file.
REFERENCE_CODE = (
    "import sys, duckdb\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('set enable_progress_bar = false')\n"
    "con.execute(sys.argv[2].replace('$file', repr(sys.argv[3])))\n"
    "print('reference runs/tasks/errors:', *(con.execute(f'select count(*) from {t}')"
    ".fetchone()[0] for t in ('ref_runs', 'ref_tasks', 'ref_errors')))\n"
)


# A copy of the imported warehouse for the rebuild reference (argv: copy, original).
COPY_CODE = (
    "import sys, duckdb\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "con.execute('set enable_progress_bar = false')\n"
    "con.execute(f\"attach '{sys.argv[2]}' as src (read_only)\")\n"
    "con.execute('copy from database src to rebuild_reference')\n"
)


@dataclass(frozen=True)
class Measured:
    """One child process: wall seconds, CPU seconds (user + system) and peak RSS."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float

    def __str__(self) -> str:
        return f"{self.wall_s:.2f} s wall, {self.cpu_s:.2f} s CPU, {self.peak_rss_mb:.0f} MB peak"


def iso(ms: int) -> str:
    """Epoch milliseconds as ISO 8601 UTC with a Z, the way the API writes timestamps."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def generate(path: Path, runs: int, seed: int = 7, wide: bool = False) -> int:
    """Write `runs` records from string templates (fast); returns the number of tasks.

    `wide`: 60 tasks per run, each with a nested field the model does not read, messages of
    4,000 characters and ten unknown run fields (about 28 KB a run, 7 times the default)."""
    rng = random.Random(seed)
    extra_task = ', "metrics": {"rows": 123456, "bytes": 987654321, "tags": ["a", "b"]}'
    extra_run = "".join(f', "unknown_{k}": {{"v": {k}, "s": "{"y" * 50}"}}' for k in range(10))
    start_ms = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp() * 1000)
    tasks_total = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(runs):
            if i % 20_000 == 7:
                out.write(BAD_LINES[(i // 20_000) % len(BAD_LINES)] + "\n")
            created = start_ms + i * 30_000 + rng.randrange(1000)
            state = rng.choice(STATES)
            running = state in ("Running", "In progress")
            day = time.strftime("%Y%m%d", time.gmtime(created // 1000))
            wid = f"wf-{day}-{i:05d}-{rng.getrandbits(24):06x}"
            n_tasks = 60 if wide else rng.randint(0, 20)
            tasks_total += n_tasks
            failed_at = rng.randrange(n_tasks) if state.lower() == "failed" and n_tasks else -1
            task_parts = []
            for j in range(n_tasks):
                t_created = created + j * 1000
                t_state = "failed" if j == failed_at else ("running" if running else "succeeded")
                t_error = ""
                if j == failed_at:
                    attribution, etype, message = ERRORS[rng.randrange(2)]
                    message = f"{message}: {'x' * 4000}" if wide else message
                    t_error = (
                        f', "error": {{"attribution": "{attribution}", "type": "{etype}", '
                        f'"message": "{message}", "data": null}}'
                    )
                t_end = (
                    "" if running else f', "ended_at": "{iso(t_created + rng.randrange(900_000))}"'
                )
                task_parts.append(
                    f'{{"id": "wft-{i}-{j}", "workflow_id": "{wid}", "tenant": "acme", '
                    f'"label": "Updating table_{j}", "state": "{t_state}", '
                    f'"execution_type": "{EXEC_TYPES[j % 5]}", "run_id": "r-{i}-{j}", '
                    f'"task_definition_id": "td-{j}", '
                    f'"task_definition_type": "{TASK_TYPES[j % 4]}", '
                    f'"timeout_ms": {600_000 if j % 3 else 3_600_000}, '
                    f'"created_at": "{iso(t_created)}"{t_end}{t_error}'
                    f"{extra_task if wide else ''}}}"
                )
            run_error = ""
            if failed_at >= 0 or state == "canceled":
                attribution, etype, message = ERRORS[2 if state == "canceled" else rng.randrange(2)]
                run_error = (
                    f', "error": {{"attribution": "{attribution}", "type": "{etype}", '
                    f'"message": "{message}", "data": {{"attempt": 1}}}}'
                )
            principal = (
                '"principal_name": "Automated workflow", "principal_id": "amperity|scheduler"'
                if rng.random() < 0.7
                else '"principal_name": "Justin Scott", "principal_id": "google-apps|j@x.com", '
                '"principal_email": "j@x.com"'
            )
            warn = "1800000" if i % 2 else '"1800000"'  # numeric strings: schema drift
            ended = (
                ""
                if running
                else f', "ended_at": "{iso(created + rng.randrange(1000, 3_600_000))}"'
            )
            out.write(
                f'{{"id": "{wid}", "tenant": "acme", "name": "Workflow {i % 50}", '
                f'"type": "amperity.orchestration.orchestration/run", "state": "{state}", '
                f'"created_at": "{iso(created)}"{ended}, {principal}, '
                f'"launched_version": "etv-{i % 7}", "current_version": "etv-{i % 9}", '
                f'"warn_after_ms": {warn}{run_error}{extra_run if wide else ""}, '
                f'"task_instances": [{", ".join(task_parts)}]}}\n'
            )
    return tasks_total


def import_command(file: Path, db: Path) -> list[str]:
    """`wf-etl import`, the console script of the interpreter running this bench."""
    script = Path(sys.executable).with_name("wf-etl")
    cli = [str(script)] if script.exists() else [sys.executable, "-m", "wf_etl.cli"]
    return [*cli, "import", str(file), "--db", str(db)]


def measured(command: list[str]) -> Measured:
    """Run the command; its own wall time, CPU time and peak RSS (wait4 reports that child).

    Dirty pages are written out first, so no step pays for the writes of the one before it:
    the rebuild, which follows the import's 160 MB and the reference's copy, took 8.39 s
    without this and 7.78 s with it in the next run (100,000 runs)."""
    os.sync()
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[0]} failed with exit code {child.returncode}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def reference(db: Path, sql: str, file: Path | None = None) -> Measured:
    return measured([sys.executable, "-c", REFERENCE_CODE, str(db), sql, str(file or "")])


def rebuild_command(db: Path) -> list[str]:
    return [*import_command(Path("-"), db)[:-4], "rebuild", "--db", str(db)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--reuse", action="store_true", help="keep an existing generated file")
    parser.add_argument("--file", type=Path, help="a JSON Lines file of your own instead")
    parser.add_argument("--wide", action="store_true", help="generate wide records (generate)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    file = args.file or args.out / ("runs-wide.jsonl" if args.wide else "runs.jsonl")
    db, ref_db, rebuild_ref_db = (
        args.out / n for n in ("import.duckdb", "reference.duckdb", "rebuild_reference.duckdb")
    )
    for stale in (db, ref_db, rebuild_ref_db):
        stale.unlink(missing_ok=True)
        Path(f"{stale}.wal").unlink(missing_ok=True)
    # and what an earlier import left beside its file (StorageLayout.beside): a working
    # database still there would make this import a re-import of the same runs
    layout = StorageLayout.beside(str(db))
    for path in (layout.working_path, f"{layout.working_path}.wal", f"{layout.working_path}.tmp",
                 layout.lake_url, layout.landing_url):  # fmt: skip
        shutil.rmtree(path) if Path(path).is_dir() else Path(path).unlink(missing_ok=True)

    started = time.perf_counter()
    if args.file or (args.reuse and file.exists()):
        print(f"using {file} ({file.stat().st_size / 1e6:.0f} MB)")
    else:
        tasks = generate(file, args.runs, wide=args.wide)
        print(
            f"generated {args.runs} runs, {tasks} tasks, {file.stat().st_size / 1e6:.0f} MB "
            f"in {time.perf_counter() - started:.1f}s"
        )

    command = import_command(file, db)
    print("import:", " ".join(command))
    loaded = measured(command)
    ref = reference(ref_db, REFERENCE_SQL, file)
    ref_db.unlink()
    raw_text = reference(ref_db, RAW_TEXT_SQL, file)
    print(f"import {loaded}; reference {ref}; raw text alone {raw_text}")

    # DuckDB alone on the imported raw layer: copy the database first (the copy is not timed).
    subprocess.run([sys.executable, "-c", COPY_CODE, str(rebuild_ref_db), str(db)], check=True)
    rebuilt = measured(rebuild_command(db))
    rebuild_ref = reference(rebuild_ref_db, REBUILD_REFERENCE_SQL)
    print(f"rebuild {rebuilt}; reference {rebuild_ref}")
    print(
        f"cpu_s={loaded.cpu_s:.2f} reference_cpu_s={ref.cpu_s:.2f} "
        f"cpu_ratio={loaded.cpu_s / ref.cpu_s:.2f} "
        f"rebuild_cpu_ratio={rebuilt.cpu_s / rebuild_ref.cpu_s:.2f}"
    )
    same_work = ref.wall_s + raw_text.wall_s
    print(
        f"raw_text_s={raw_text.wall_s:.2f} same_work_ratio={loaded.wall_s / same_work:.2f} "
        f"same_work_cpu_ratio={loaded.cpu_s / (ref.cpu_s + raw_text.cpu_s):.2f}"
    )
    print(
        f"rebuild_s={rebuilt.wall_s:.2f} rebuild_reference_s={rebuild_ref.wall_s:.2f} "
        f"rebuild_ratio={rebuilt.wall_s / rebuild_ref.wall_s:.2f}"
    )
    print(
        f"wall_s={loaded.wall_s:.2f} reference_wall_s={ref.wall_s:.2f} "
        f"ratio={loaded.wall_s / ref.wall_s:.2f} peak_rss_mb={loaded.peak_rss_mb:.0f}"
    )


if __name__ == "__main__":
    main()
