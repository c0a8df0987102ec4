"""A fresh warehouse file per test, with the schema applied, and helpers to read tables back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from wf_etl.warehouse import apply_schema


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    apply_schema(connection)
    yield connection
    connection.close()
