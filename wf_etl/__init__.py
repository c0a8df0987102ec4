"""wf-etl: Amperity workflow-run history in DuckDB, and why workflows fail."""

__version__ = "0.1.0"
