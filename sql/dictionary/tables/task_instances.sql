-- The data dictionary of task_instances: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table task_instances is 'One row per task of a workflow run.';
comment on column task_instances.id is 'Task id (primary key), e.g. wft-20240619-14574-6kyYdY.';
comment on column task_instances.workflow_id is 'The run the task belongs to (workflow_runs.id).';
comment on column task_instances.tenant is 'Amperity tenant id.';
comment on column task_instances.ordinal is '1-based position of the task in the run''s task list.';
comment on column task_instances.label is 'Task name as shown in Amperity, e.g. Running Stitch.';
comment on column task_instances.state is 'Canonical task state: succeeded, failed, skipped, canceled, running, ...';
comment on column task_instances.state_raw is 'Task state exactly as the API spelled it.';
comment on column task_instances.is_terminal is 'True once the task has ended.';
comment on column task_instances.execution_type is 'Service that ran the task: spark-sql, prodigal, databricks, identity, legacy, ...';
comment on column task_instances.task_definition_id is 'Identifier of the task''s definition, when the API gives one.';
comment on column task_instances.task_definition_type is 'Kind of task, e.g. stitch.run, campaign.send, bridge.sync.';
comment on column task_instances.run_id is 'Execution engine''s run id for the task, e.g. orb-20240619-...';
comment on column task_instances.created_at is 'When the task started (UTC).';
comment on column task_instances.ended_at is 'When the task ended (UTC); NULL while it runs.';
comment on column task_instances.state_changed_at is 'When the task''s state last changed (UTC); absent for legacy tasks.';
comment on column task_instances.runtime_ms is 'ended_at - created_at in milliseconds; NULL while running.';
comment on column task_instances.timeout_ms is 'Runtime after which Amperity stops the task, when set.';
comment on column task_instances.exceeded_timeout is 'True when the runtime went past timeout_ms.';
comment on column task_instances.error_attribution is 'Whose fault the task''s error is: customer or platform; NULL if none.';
comment on column task_instances.error_type is 'The task''s error type.';
comment on column task_instances.error_message is 'The task''s error message as sent.';
