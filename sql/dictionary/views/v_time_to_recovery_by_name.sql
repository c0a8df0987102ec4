-- The data dictionary of v_time_to_recovery_by_name: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_time_to_recovery_by_name is 'Which workflows take longest to recover after a failure, and which stay broken?';
comment on column v_time_to_recovery_by_name.tenant is 'Amperity tenant id.';
comment on column v_time_to_recovery_by_name.workflow_name is 'Workflow name.';
comment on column v_time_to_recovery_by_name.workflow_type is 'Workflow type.';
comment on column v_time_to_recovery_by_name.failures is 'Failed runs.';
comment on column v_time_to_recovery_by_name.recovered_failures is 'Failures followed by a success.';
comment on column v_time_to_recovery_by_name.unrecovered_failures is 'Failures with no later success loaded.';
comment on column v_time_to_recovery_by_name.median_time_to_recovery_ms is 'Median time to recovery of recovered failures (ms).';
comment on column v_time_to_recovery_by_name.max_time_to_recovery_ms is 'Longest time to recovery (ms).';
comment on column v_time_to_recovery_by_name.last_failure_at is 'When the latest failed run started (UTC).';
