-- The data dictionary of v_flaky_task_types: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_flaky_task_types is 'Which kinds of task fail in flaky runs?';
comment on column v_flaky_task_types.task_definition_type is 'Kind of task, e.g. stitch.run.';
comment on column v_flaky_task_types.execution_type is 'The service that ran it.';
comment on column v_flaky_task_types.terminal_tasks is 'Tasks of this kind that ended.';
comment on column v_flaky_task_types.failed_tasks is 'Those that failed.';
comment on column v_flaky_task_types.flaky_task_failures is 'Failed tasks of flaky failed runs.';
comment on column v_flaky_task_types.flakiness_score is 'flaky_task_failures / terminal_tasks (0-1).';
