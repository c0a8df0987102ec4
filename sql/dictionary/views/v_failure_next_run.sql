-- The data dictionary of v_failure_next_run: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_failure_next_run is 'For each failed run, did the next run succeed with nothing changed in between (flaky)?';
comment on column v_failure_next_run.workflow_id is 'The failed run (workflow_runs.id).';
comment on column v_failure_next_run.tenant is 'Amperity tenant id.';
comment on column v_failure_next_run.workflow_name is 'Workflow name.';
comment on column v_failure_next_run.workflow_type is 'Workflow type.';
comment on column v_failure_next_run.created_at is 'When the failed run started (UTC).';
comment on column v_failure_next_run.ended_at is 'When it ended (UTC).';
comment on column v_failure_next_run.attribution is 'Whose fault: customer, platform or unattributed.';
comment on column v_failure_next_run.error_type is 'Its error type.';
comment on column v_failure_next_run.next_run_id is 'The next succeeded or failed run of the workflow; NULL if none yet.';
comment on column v_failure_next_run.next_state is 'succeeded or failed.';
comment on column v_failure_next_run.next_created_at is 'When the next run started (UTC).';
comment on column v_failure_next_run.changes_between is 'Configuration changes from the failed run''s start to the next run''s start.';
comment on column v_failure_next_run.is_flaky is 'True when the next run succeeded with no configuration change between.';
