"""SQLAlchemy-based BI tools: the README's duckdb_engine URL reads the views, read-only."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest
import sqlalchemy as sa


def test_duckdb_engine_url_reads_views_and_refuses_writes(demo_warehouse, tmp_path):
    db = tmp_path / "wf_etl.duckdb"
    shutil.copy(demo_warehouse, db)
    with duckdb.connect(str(db), read_only=True) as con:
        expected = con.execute("select count(*) from v_error_types").fetchone()[0]
    # The URL of the README's analyst section.
    engine = sa.create_engine(f"duckdb:///{db}?access_mode=read_only")
    try:
        assert len(pd.read_sql("select * from v_error_types", engine)) == expected
        with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError, match="read-only"):
            connection.execute(sa.text("create table notes (x int)"))
    finally:
        engine.dispose()
