-- The data dictionary of workflow_errors: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table workflow_errors is 'One row per error object of a run: the run''s own error and each task''s.';
comment on column workflow_errors.workflow_id is 'The run the error belongs to (workflow_runs.id).';
comment on column workflow_errors.task_instance_id is 'The task the error belongs to; NULL for the run''s own error.';
comment on column workflow_errors.scope is 'workflow for the run''s own error, task for a task''s error.';
comment on column workflow_errors.tenant is 'Amperity tenant id.';
comment on column workflow_errors.attribution is 'Whose fault: customer (configuration) or platform (Amperity); NULL if not said.';
comment on column workflow_errors.type is 'Error type, e.g. amperity.workflow.task.stitch/table.';
comment on column workflow_errors.type_family is 'The error type up to its ''/'', e.g. amperity.workflow.task.stitch.';
comment on column workflow_errors.message is 'Error message as sent.';
comment on column workflow_errors.data is 'Extra data the API attached to the error (JSON), if any.';
comment on column workflow_errors.occurred_at is 'When the error happened: the task''s or run''s end (UTC).';
