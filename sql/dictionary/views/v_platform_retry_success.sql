-- The data dictionary of v_platform_retry_success: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_platform_retry_success is 'Are platform failures transient: did the workflow succeed again within a day?';
comment on column v_platform_retry_success.tenant is 'Amperity tenant id.';
comment on column v_platform_retry_success.workflow_name is 'Workflow name.';
comment on column v_platform_retry_success.workflow_type is 'Workflow type.';
comment on column v_platform_retry_success.failed_run_id is 'The platform-attributed failed run.';
comment on column v_platform_retry_success.failed_created_at is 'When it started (UTC).';
comment on column v_platform_retry_success.failed_ended_at is 'When it ended (UTC).';
comment on column v_platform_retry_success.error_type is 'Its error type.';
comment on column v_platform_retry_success.recovery_run_id is 'The next success of the same workflow; NULL if none yet.';
comment on column v_platform_retry_success.recovery_ended_at is 'When that success ended (UTC).';
comment on column v_platform_retry_success.time_to_recovery_ms is 'From the failure''s end to the success''s end (ms).';
comment on column v_platform_retry_success.recovered_within_day is 'True when the success ended at most 24 h after the failure.';
