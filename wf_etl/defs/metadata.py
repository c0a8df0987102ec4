"""What the Dagster UI shows about each table: row counts and column schemas, read from DuckDB."""

from __future__ import annotations

import dagster as dg
import duckdb

from wf_etl.sql_files import read_sql


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute(read_sql("meta/table_row_counts.sql")).fetchall())


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    rows = con.execute(read_sql("meta/table_columns.sql"), {"table_name": table}).fetchall()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name,
                data_type.lower(),
                constraints=dg.TableColumnConstraints(nullable=nullable == "YES"),
            )
            for name, data_type, nullable in rows
        ]
    )


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, count: int) -> dict[str, object]:
    return {
        "dagster/row_count": dg.MetadataValue.int(count),
        "dagster/column_schema": column_schema(con, table),
        "dagster/table_name": dg.MetadataValue.text(table),
    }
