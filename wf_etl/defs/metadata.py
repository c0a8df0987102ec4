"""What the Dagster UI shows about each table: row counts and column schemas, read from DuckDB."""

from __future__ import annotations

import dagster as dg
import duckdb

from wf_etl.sql_files import read_sql


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute(read_sql("meta/table_row_counts.sql")).fetchall())


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    """Names, types and the data dictionary's description of each column (COMMENT ON)."""
    rows = con.execute(read_sql("meta/table_columns.sql"), {"table_name": table}).fetchall()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name,
                data_type.lower(),
                description=comment or None,
                constraints=dg.TableColumnConstraints(nullable=nullable in ("YES", True)),
            )
            for name, data_type, nullable, comment in rows
        ]
    )


def percent(value: object) -> dg.MetadataValue:
    """A rate (0-1) as a percentage number, 8.83 rather than 0.0883, so the UI reads it and
    still plots it over time; NULL stays null (no data is not 0 %)."""
    if value is None:
        return dg.MetadataValue.null()
    return dg.MetadataValue.float(round(100 * float(value), 2))


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, count: int) -> dict[str, object]:
    return {
        "dagster/row_count": dg.MetadataValue.int(count),
        "dagster/column_schema": column_schema(con, table),
        "dagster/table_name": dg.MetadataValue.text(table),
    }
