-- The data dictionary of v_time_to_recovery: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_time_to_recovery is 'After a named workflow fails, how long until it works again?';
comment on column v_time_to_recovery.tenant is 'Amperity tenant id.';
comment on column v_time_to_recovery.workflow_name is 'Workflow name.';
comment on column v_time_to_recovery.workflow_type is 'Workflow type.';
comment on column v_time_to_recovery.failed_run_id is 'The failed run.';
comment on column v_time_to_recovery.failed_created_at is 'When the failed run started (UTC).';
comment on column v_time_to_recovery.failed_ended_at is 'When it ended (UTC).';
comment on column v_time_to_recovery.attribution is 'Whose fault: customer, platform or unattributed.';
comment on column v_time_to_recovery.error_type is 'Its error type.';
comment on column v_time_to_recovery.recovery_run_id is 'The next succeeded run of the same workflow created after it; NULL if none yet.';
comment on column v_time_to_recovery.recovery_created_at is 'When the recovery started (UTC).';
comment on column v_time_to_recovery.recovery_ended_at is 'When the recovery ended (UTC).';
comment on column v_time_to_recovery.is_recovered is 'True when a recovery is loaded.';
comment on column v_time_to_recovery.time_to_recovery_ms is 'From the failure''s end to the recovery''s end (ms); 0 if it ended first.';
