"""Wrong command-line arguments and settings get one line that says what is wrong, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.defs.test_cli_sync import wf_etl

API = {"AMPERITY_TENANT": "acme", "AMPERITY_API_TOKEN": "sim-token"}

# (arguments, extra environment, what the one line must say). In arguments, {dir} is an
# existing folder, {file} an existing text file and {missing} a path where nothing is.
CASES = [
    (["sync", "--to", "2026-06-01T25:00"], API, "'2026-06-01T25:00' is not a date"),
    (["sync", "--from", "2026-06-10", "--to", "2026-06-10"], API, "must be after --from"),
    (["sync", "--db", "{dir}"], API, "is a directory; name a file"),
    (["sync", "--db", "{file}/wh.duckdb"], API, "is a file, not a directory"),
    (["sync"], {**API, "WF_ETL_DUCKDB_PATH": "{dir}"}, "is a directory; name a file"),
    (["sync"], {**API, "WF_ETL_MAX_ATTEMPTS": "many"}, "WF_ETL_MAX_ATTEMPTS='many' is not a"),
    (["sync"], {**API, "WF_ETL_LOCK_TIMEOUT_S": "soon"}, "WF_ETL_LOCK_TIMEOUT_S='soon' is not"),
    (["sync"], {**API, "WF_ETL_PARTITIONS_START": "2026/01/01"}, "is not a date (YYYY-MM-DD)"),
    (["sync"], {**API, "AMPERITY_TENANT": "Acme Corp"}, "'Acme Corp' is not a DNS label"),
    (["sync"], {**API, "AMPERITY_API_TOKEN": ""}, "no API credentials"),
    (["import", "{missing}"], {}, "no such file"),
    (["import", "{dir}"], {}, "is a directory; name a JSON Lines file"),
    (["import", "{file}", "--tenant", "ACME!"], {}, "'ACME!' is not a DNS label"),
    (["import", "{file}", "--db", "{dir}"], {}, "is a directory; name a file"),
    (["rebuild", "--db", "{dir}"], {}, "is a directory; name a file"),
    (["rebuild", "--db", "{file}"], {}, "not a valid DuckDB database file"),
    (["report", "--from", "yesterday"], {}, "'yesterday' is not a date"),
    (["report", "--from", "2026-06-09", "--to", "2026-06-01"], {}, "must be before"),
    (["report", "--db", "{missing}"], {}, "no warehouse at"),
    (["report", "--db", "{file}"], {}, "not a valid DuckDB database file"),
    (["report", "--format", "pdf"], {}, "invalid choice: 'pdf'"),
    (["stop", "../../etc/passwd", "--yes"], API, "is not a workflow id"),
    (["stop"], API, "the following arguments are required: RUN_ID"),
    (["guard", "--policy", "{missing}"], API, "no such policy file"),
    (["simulate", "--port", "70000"], {}, "--port must be between 0 and 65535"),
    (["simulate", "--latency-ms", "5:1"], {}, "MIN <= MAX"),
    (["demo", "--days", "0"], {}, "--days must be at least 1"),
    (["frobnicate"], {}, "invalid choice: 'frobnicate'"),
]


def case_id(args: list[str], env: dict[str, str], _message: str) -> str:
    return " ".join([*args, *(f"{k}={v}" for k, v in env.items() if API.get(k) != v)])


@pytest.mark.parametrize(("args", "env", "message"), CASES, ids=[case_id(*c) for c in CASES])
def test_wrong_input_is_refused_in_one_line_without_a_traceback(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, args: list[str], env: dict, message: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not a warehouse, not a run\n")
    places = {
        "{dir}": str(tmp_path / "folder"),
        "{file}": str(tmp_path / "notes.txt"),
        "{missing}": str(tmp_path / "missing.jsonl"),
    }

    def filled(text: str) -> str:
        for key, value in places.items():
            text = text.replace(key, value)
        return text

    default_db = {"WF_ETL_DUCKDB_PATH": str(tmp_path / "wh.duckdb")}
    result = wf_etl(
        *map(filled, args), env={**default_db, **{k: filled(v) for k, v in env.items()}}
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("wf-etl")
