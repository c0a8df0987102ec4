"""wf-etl report: each format from a read-only warehouse, scoping, and one-line errors."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from wf_etl.cli import UserError, build_parser
from wf_etl.commands import report
from wf_etl.commands.report import parse_instant, render

pytestmark = pytest.mark.clock  # `make test-clock` runs it again on pinned clocks

REPO = Path(__file__).resolve().parents[2]


def run_report(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(["report", *argv])


def test_text_report_shows_headline_numbers_and_fits_100_columns(warehouse_file):
    text = render(str(warehouse_file), "text")
    assert "Runs 15, finished 14, failed 7: failure rate 50.0%" in text
    assert "customer 3 (42.9%), platform 3 (42.9%), unattributed 1 (14.3%)" in text
    assert "1 of 3 (33.3%)" in text  # r04 recovered within a day; r08, r14 did not
    assert "Found table in an invalid state: <name>." in text
    assert "runs created 2024-06-01 01:00 UTC to " in text  # the fixture's first run, readable
    assert max(len(line) for line in text.splitlines()) <= 100


def test_markdown_report_has_tables(warehouse_file):
    md = render(str(warehouse_file), "markdown")
    assert md.startswith("# wf-etl failure report")
    assert "| failures | workflows | attribution | message family |" in md
    assert "|---:|---:|---|---|" in md
    assert "| 2 | 2 | platform | Task \\<id> timed out after \\<n> ms |" in md


def test_json_report_has_stable_keys_and_iso_dates(warehouse_file):
    data = json.loads(render(str(warehouse_file), "json"))
    assert {"headline", "daily", "error_families", "error_types", "failing_tasks",
            "root_cause_tasks", "runtime_by_type", "recovery", "platform_retry",
            "config_change", "scope", "generated_at", "warehouse"} <= set(data)  # fmt: skip
    assert data["headline"] == {
        "runs": 15, "terminal": 14, "failed": 7, "failure_rate": 0.5, "customer_failures": 3,
        "platform_failures": 3, "unattributed": 1, "customer_share": pytest.approx(3 / 7),
    }  # fmt: skip
    june1 = data["daily"][0]  # r01-r05, r08, r12, r13: failed r02 r12 (customer), r04 r08
    assert june1["day"] == "2024-06-01"
    assert (june1["runs"], june1["failed_runs"], june1["customer_rate"]) == (8, 4, 0.25)
    assert [d["day"] for d in data["daily"]] == ["2024-06-01", "2024-06-02", "2024-06-03"]
    assert data["scope"]["first_created_at"] == "2024-06-01T01:00:00+00:00"
    assert data["platform_retry"]["recovered_within_day"] == 1


def test_report_scope_filters_by_timestamps_and_tenant(warehouse_file):
    scoped = render(
        str(warehouse_file), "json", datetime(2024, 6, 1, 12, tzinfo=UTC),
        datetime(2024, 6, 2, 6, 30, tzinfo=UTC), "acme",
    )  # fmt: skip
    h = json.loads(scoped)["headline"]
    # acme runs created in [06-01 12:00, 06-02 06:30): r04, r05, r06, r09; failed r04, r06
    assert (h["runs"], h["terminal"], h["failed"]) == (4, 4, 2)
    assert (h["customer_failures"], h["platform_failures"]) == (1, 1)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.classes: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in {"src", "href", "xlink:href", "srcset"}:
                self.links.append((tag, value or ""))
            if name == "class" and value:
                self.classes.append(value)


def test_html_report_is_self_contained_with_both_charts(warehouse_file):
    page = render(str(warehouse_file), "html")
    parsed = _Collector()
    parsed.feed(page)
    assert parsed.tags.count("svg") == 2
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert parsed.links == []
    # three days x three attributions of stacked bars; three workflow types of boxes
    assert sum(c.startswith("bar-") for c in parsed.classes) == 9
    assert parsed.classes.count("runtime-row") == 3
    assert "Failure rate by day, split by attribution" in page
    assert "Runtime distribution by workflow type" in page


def test_cli_writes_the_report_to_a_file(warehouse_file, tmp_path):
    out = tmp_path / "report.json"
    env = {**os.environ, "WF_ETL_DUCKDB_PATH": str(warehouse_file)}
    done = subprocess.run(
        [sys.executable, "-m", "wf_etl.cli", "report", "--format", "json", "--output", str(out),
         "--tenant", "beta"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    h = json.loads(out.read_text())["headline"]
    assert (h["runs"], h["failed"], h["customer_failures"]) == (4, 2, 1)  # r12-r15


def test_cli_missing_warehouse_is_one_line_without_traceback(tmp_path):
    wf_etl = Path(sys.executable).with_name("wf-etl")
    if not wf_etl.exists():
        pytest.skip("the wf-etl console script is not installed in this environment")
    done = subprocess.run(
        [str(wf_etl), "report", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "run `wf-etl sync`" in done.stderr


def test_report_leaves_the_warehouse_untouched(warehouse_file):
    render(str(warehouse_file), "text")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        views = con.execute("select count(*) from duckdb_views() where not internal").fetchone()
    assert views == (0,)


def test_empty_warehouse_and_empty_scope_are_user_errors(tmp_path, warehouse_file):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(UserError, match="run `wf-etl sync`"):
        render(str(empty), "text")
    with pytest.raises(UserError, match=r"no runs .* tenant nobody"):
        report.run(run_report("--db", str(warehouse_file), "--tenant", "nobody"))


def test_warehouse_held_by_a_writer_is_a_user_error(tmp_path, monkeypatch):
    monkeypatch.setenv("WF_ETL_LOCK_TIMEOUT_S", "0")  # the wait has its own test
    path = tmp_path / "busy.duckdb"
    code = (
        f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
        "time.sleep(30)"
    )
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ok"
        with pytest.raises(UserError, match="is locked by process"):
            render(str(path), "text")
    finally:
        writer.kill()
        writer.wait()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-01", datetime(2024, 6, 1, tzinfo=UTC)),
        ("2024-06-01T05:30:00Z", datetime(2024, 6, 1, 5, 30, tzinfo=UTC)),
        ("2024-06-01T05:30:00", datetime(2024, 6, 1, 5, 30, tzinfo=UTC)),
        ("2024-06-01T07:30:00+02:00", datetime(2024, 6, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_dates_are_utc_days_or_iso_timestamps(text, expected):
    assert parse_instant(text, "--from") == expected


def test_bad_dates_name_the_value(warehouse_file):
    with pytest.raises(UserError, match="--from 'yesterday'"):
        report.run(run_report("--db", str(warehouse_file), "--from", "yesterday"))
    with pytest.raises(UserError, match="must be before"):
        report.run(
            run_report("--db", str(warehouse_file), "--from", "2024-06-02", "--to", "2024-06-01")
        )
