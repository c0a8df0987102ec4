"""Where the SQL lives: sql/ at the repo root in a checkout, wf_etl/sql inside a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def sql_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "sql"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "sql"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no sql/ directory beside {Path(__file__).parent}")


def read_sql(relative: str) -> str:
    """The text of one SQL file, e.g. read_sql('transform/workflow_runs.sql')."""
    return (sql_dir() / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The .sql files of one folder (schema, transform, analytics) in name order."""
    return sorted((sql_dir() / folder).glob("*.sql"))
