"""`wf-etl sql "..."`: one statement for scripts, in each format, always read-only."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import duckdb

from tests.analyst.conftest import REPO, WF_ETL, lines, wf_etl_sql

QUERY = (
    "select workflow_type, sum(failed_runs) as failed_runs, sum(terminal_runs) as finished "
    "from v_failure_attribution_daily group by workflow_type order by failed_runs desc, 1"
)


def expected_rows(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(QUERY).fetchall()


def test_csv_and_json_carry_every_row_as_duckdb_answers(demo_warehouse, sql_in_process):
    expected = expected_rows(demo_warehouse)
    assert len(expected) > 3

    as_csv = wf_etl_sql(QUERY, "--format", "csv", db=demo_warehouse)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["workflow_type", "failed_runs", "finished"]
    assert rows[1:] == [[str(value) for value in row] for row in expected]

    code, out, err = sql_in_process(QUERY, "--format", "json", db=demo_warehouse)
    assert code == 0, err
    assert json.loads(out) == [
        {"workflow_type": t, "failed_runs": f, "finished": n} for t, f, n in expected
    ]


def test_markdown_and_table_are_readable(demo_warehouse, sql_in_process, monkeypatch):
    expected = expected_rows(demo_warehouse)
    code, out, err = sql_in_process(QUERY, "--format", "markdown", db=demo_warehouse)
    assert code == 0, err
    md = lines(out)
    assert md[0] == "| workflow_type | failed_runs | finished |"
    assert md[2] == f"| {expected[0][0]} | {expected[0][1]} | {expected[0][2]} |"
    assert len(md) == 2 + len(expected)

    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = sql_in_process(QUERY, db=demo_warehouse)
    assert code == 0, err
    shown = lines(out)
    assert shown[0].split() == ["workflow_type", "failed_runs", "finished"]
    assert shown[-1] == f"{len(expected)} rows"
    for workflow_type, failed, finished in expected:
        assert any(line.split() == [workflow_type, str(failed), str(finished)] for line in shown)


def test_sql_on_stdin_runs_each_statement(demo_warehouse):  # the CLI's stdin, for real
    result = wf_etl_sql(
        "--format", "csv", db=demo_warehouse,
        stdin="select 1 as a;\n-- a comment\nselect count(*) as runs from workflow_runs;\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        runs = con.execute("select count(*) from workflow_runs").fetchone()[0]
    assert lines(result.stdout) == ["a", "1", "runs", str(runs)]


def test_write_statements_get_a_read_only_message_and_change_nothing(
    demo_warehouse, tmp_path, sql_in_process
):
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_warehouse, db)
    before = db.read_bytes()
    for statement, kind in [
        ("create table notes (x int)", "CREATE"),
        ("create or replace view workflow_runs as select 1 as id", "CREATE"),
        ("drop view v_error_types", "DROP"),
        ("alter view v_error_types rename to v_old", "ALTER"),
    ]:
        code, _, err = sql_in_process(statement, db=db)
        assert code == 2
        assert err.startswith("wf-etl sql: read-only: wf-etl sql never changes")
        assert f"this {kind} statement was refused" in err
    assert db.read_bytes() == before


def test_a_temporary_table_lasts_for_the_statements_of_one_call(demo_warehouse, sql_in_process):
    code, out, err = sql_in_process(
        "create temp table failed as select * from workflow_runs where state = 'failed';"
        "select count(*) = (select count(*) from workflow_runs where state = 'failed') as same "
        "from failed",
        "--format", "csv", db=demo_warehouse,
    )  # fmt: skip
    assert code == 0, err
    assert lines(out) == ["same", "True"]


def test_errors_are_one_line(demo_warehouse, tmp_path, sql_in_process):
    code, _, err = sql_in_process("select 1", db=tmp_path / "none.duckdb")
    assert code == 2
    assert "no analysts' database at" in err and "make demo" in err
    assert not (tmp_path / "none.duckdb").exists()
    code, _, err = sql_in_process("selct count(*) from workflow_runs", db=demo_warehouse)
    assert code == 2
    assert err.startswith("wf-etl sql: Parser Error") and len(lines(err)) <= 4


def test_a_statement_waits_while_a_writer_holds_the_file(
    demo_warehouse, tmp_path, hold_for_writing
):
    db = tmp_path / "busy.duckdb"
    shutil.copy(demo_warehouse, db)
    writer = hold_for_writing(db)
    reader = subprocess.Popen(
        [*WF_ETL, "sql", "select count(*) as runs from workflow_runs", "--format", "csv",
         "--db", str(db)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        waiting = reader.stderr.readline()  # said while the writer still holds the file
        assert "is locked by process" in waiting and "waiting up to" in waiting
        writer.stdin.write("release\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "released"
        out, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()
    assert reader.returncode == 0
    assert lines(out)[0] == "runs"


def test_a_result_wider_than_the_terminal_is_shown_a_column_per_line(
    demo_warehouse, sql_in_process, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "80")
    query = "select * from v_error_types order by failures desc, error_type limit 2"
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        cursor = con.execute(query)
        names = [column[0] for column in cursor.description]
        first = dict(zip(names, cursor.fetchone(), strict=True))
    code, out, err = sql_in_process(query, db=demo_warehouse)
    assert code == 0, err
    shown = lines(out)
    assert shown[0].startswith("row 1 ─") and any(line.startswith("row 2 ─") for line in shown)
    assert shown[1].split() == ["attribution", first["attribution"]]
    assert shown[2].split() == ["error_type", first["error_type"]]
    assert max(len(line) for line in shown) <= 80
    assert shown[-1] == "2 rows"
