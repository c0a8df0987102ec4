"""Helpers for the reliability tests: a quick simulator, the warehouse read back, figures shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import SIM_NOW, point_env_at
from wf_etl.simulator import Simulator
from wf_etl.windows import Window

# Columns of every table, cast to text: a value hidden anywhere in the warehouse shows up here,
# whatever compression DuckDB applied to the file.
TEXT_OF_EVERY_TABLE = """
select table_name, column_name
from duckdb_columns()
where database_name = current_database() and schema_name = 'main'
"""


def runs_in(sim: Simulator, window: Window, tenant: str = "acme") -> dict[str, dict[str, Any]]:
    """The simulator's verbose records of the runs created in `window`, by id."""
    return {
        r["id"]: r
        for r in sim.runs(tenant)
        if window.start
        <= datetime.fromisoformat(r["created_at"].replace("Z", "+00:00"))
        < window.end
    }


def canonical(state: str) -> str:
    return state.strip().lower().replace(" ", "_").replace("-", "_")


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def warehouse_contains(db: Path, needle: str) -> list[str]:
    """The table.column places whose text holds `needle` (empty when none does)."""
    return warehouse_places(db, [needle])[needle]


def warehouse_places(db: Path, needles: list[str]) -> dict[str, list[str]]:
    """For each needle, the table.column places whose text holds it, in one connection."""
    found: dict[str, list[str]] = {needle: [] for needle in needles}
    with duckdb.connect(str(db), read_only=True) as con:
        for table, column in con.execute(TEXT_OF_EVERY_TABLE).fetchall():
            texts = f'select cast("{column}" as varchar) as t from "{table}"'
            hits = con.execute(
                f"select n from unnest(cast(? as varchar[])) as u(n) "
                f"where exists (select 1 from ({texts}) where contains(t, n))",
                [needles],
            ).fetchall()
            for (needle,) in hits:
                found[needle].append(f"{table}.{column}")
    return found


def files_containing(root: Path, needle: str) -> list[str]:
    """Every file below `root` whose bytes hold `needle` (sqlite storage, logs, DuckDB files)."""
    wanted = needle.encode()
    return [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*"))
        if path.is_file() and wanted in path.read_bytes()
    ]


def show_figures(title: str, figures: dict[str, int], request: pytest.FixtureRequest) -> None:
    """Print the figures (pytest -s shows them) and attach them to the test's report.

    They become the report's user_properties, which plugins and --junitxml write out.
    """
    print(f"\n{title}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    request.node.user_properties.extend(figures.items())


@pytest.fixture
def quick_sim(clean_env: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """Three days of a small tenant, no rate limit to wait on, the environment pointing at it."""
    with Simulator(
        tenants=("acme",), seed=11, days=3, runs_per_day=10, rate_limit_per_s=1000, now=SIM_NOW
    ) as simulator:
        point_env_at(clean_env, simulator)
        clean_env.setenv("WF_ETL_MAX_REQUESTS_PER_SECOND", "200")
        yield simulator
