-- The data dictionary of workflow_runs: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table workflow_runs is 'One row per workflow run, flattened from raw_workflow_runs.';
comment on column workflow_runs.id is 'Run id (primary key), e.g. wf-20240603-12345-MNabc.';
comment on column workflow_runs.tenant is 'Amperity tenant id.';
comment on column workflow_runs.name is 'Workflow name as shown in Amperity, e.g. Nightly Stitch.';
comment on column workflow_runs.type is 'Workflow type, e.g. stitch.run or courier.group/run.';
comment on column workflow_runs.state is 'Canonical state: succeeded, failed, canceled, stopped, in_progress, ...';
comment on column workflow_runs.state_raw is 'State exactly as the API spelled it, e.g. In progress.';
comment on column workflow_runs.is_terminal is 'True once the run has ended; rates are over terminal runs.';
comment on column workflow_runs.created_at is 'When the run started (UTC).';
comment on column workflow_runs.ended_at is 'When the run ended (UTC); NULL while it runs.';
comment on column workflow_runs.runtime_ms is 'ended_at - created_at in milliseconds; NULL while running or if negative.';
comment on column workflow_runs.warn_after_ms is 'Runtime after which Amperity warns (SQL-writing workflows only).';
comment on column workflow_runs.exceeded_warn_after is 'True when the runtime went past warn_after_ms.';
comment on column workflow_runs.principal_id is 'Who launched the run, e.g. google-apps|user@tenant.com or amperity|scheduler.';
comment on column workflow_runs.principal_name is 'Display name of who launched the run, e.g. Automated workflow.';
comment on column workflow_runs.principal_email is 'Email of the person who launched it; a sha256: digest when WF_ETL_HASH_PRINCIPAL_EMAILS is on.';
comment on column workflow_runs.is_automated is 'True when the scheduler, not a person, launched the run.';
comment on column workflow_runs.launched_version is 'Configuration version (etv-...) when the run started.';
comment on column workflow_runs.current_version is 'Configuration version when the run ended or failed.';
comment on column workflow_runs.config_changed is 'True when the configuration changed while the run ran (launched_version <> current_version).';
comment on column workflow_runs.error_attribution is 'Whose fault the run''s error is: customer (configuration) or platform (Amperity); NULL if none.';
comment on column workflow_runs.error_type is 'The run-level error type, e.g. amperity.workflow.task.stitch/table.';
comment on column workflow_runs.error_message is 'The run-level error message as sent.';
comment on column workflow_runs.task_count is 'Number of tasks in the run.';
comment on column workflow_runs.failed_task_count is 'Number of tasks whose state is failed.';
comment on column workflow_runs.fetched_at is 'When the record this row was built from was received.';
