-- Whether raw_workflow_runs still declares its primary key (warehouses made before 2026-12-03).
-- DuckDB keeps a primary key's index in memory whole once a session writes to the table: on a
-- 105,387-run warehouse that was 25 MB of every loader session, growing with the history, not
-- with the batch. The id stays the key (sql/schema/001_raw_workflow_runs.sql).
select count(*) > 0
from duckdb_constraints()
where database_name = current_database()
  and table_name = 'raw_workflow_runs'
  and constraint_type = 'PRIMARY KEY';
