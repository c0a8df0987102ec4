-- The data dictionary of v_failed_task_root_cause: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_failed_task_root_cause is 'For each failed run, which task broke first and what its error said?';
comment on column v_failed_task_root_cause.workflow_id is 'The failed run (workflow_runs.id).';
comment on column v_failed_task_root_cause.tenant is 'Amperity tenant id.';
comment on column v_failed_task_root_cause.workflow_name is 'Workflow name.';
comment on column v_failed_task_root_cause.workflow_type is 'Workflow type.';
comment on column v_failed_task_root_cause.created_at is 'When the run started (UTC).';
comment on column v_failed_task_root_cause.ended_at is 'When the run ended (UTC).';
comment on column v_failed_task_root_cause.run_error_attribution is 'Whose fault the run''s own error is.';
comment on column v_failed_task_root_cause.run_error_type is 'The run''s own error type.';
comment on column v_failed_task_root_cause.failed_tasks is 'Number of failed tasks in the run.';
comment on column v_failed_task_root_cause.task_instance_id is 'The first task to fail; NULL when no task failed.';
comment on column v_failed_task_root_cause.task_ordinal is 'Its position in the run.';
comment on column v_failed_task_root_cause.task_label is 'Its name.';
comment on column v_failed_task_root_cause.task_definition_type is 'Its kind, e.g. stitch.run.';
comment on column v_failed_task_root_cause.execution_type is 'The service that ran it.';
comment on column v_failed_task_root_cause.task_failed_at is 'When it failed (ended_at, else state_changed_at).';
comment on column v_failed_task_root_cause.task_error_attribution is 'Whose fault its error is.';
comment on column v_failed_task_root_cause.task_error_type is 'Its error type.';
comment on column v_failed_task_root_cause.task_error_message is 'Its error message.';
