-- The data dictionary of v_task_reliability: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_task_reliability is 'Which kinds of task fail, time out, or run slow?';
comment on column v_task_reliability.task_definition_type is 'Kind of task, e.g. stitch.run.';
comment on column v_task_reliability.execution_type is 'The service that ran it.';
comment on column v_task_reliability.task_runs is 'Tasks of this kind.';
comment on column v_task_reliability.terminal_tasks is 'Tasks that ended.';
comment on column v_task_reliability.failed is 'Tasks that failed.';
comment on column v_task_reliability.failure_rate is 'failed / terminal_tasks (0-1).';
comment on column v_task_reliability.timeouts_exceeded is 'Tasks that went past their timeout_ms.';
comment on column v_task_reliability.p95_runtime_ms is '95th percentile task runtime (ms).';
