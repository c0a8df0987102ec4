-- The data dictionary of v_stopped_runs: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_stopped_runs is 'Who stopped each canceled or stopped run: a user, the guard, an API key, or the platform?';
comment on column v_stopped_runs.workflow_id is 'The run (workflow_runs.id).';
comment on column v_stopped_runs.tenant is 'Amperity tenant id.';
comment on column v_stopped_runs.workflow_name is 'Workflow name.';
comment on column v_stopped_runs.workflow_type is 'Workflow type.';
comment on column v_stopped_runs.state is 'canceled, cancelled or stopped.';
comment on column v_stopped_runs.created_at is 'When the run started (UTC).';
comment on column v_stopped_runs.ended_at is 'When it ended (UTC).';
comment on column v_stopped_runs.stopped_by is 'guard, user, api or platform (no stop request known).';
comment on column v_stopped_runs.stop_requested_at is 'When the stop was requested (guard decision or audit event, UTC).';
comment on column v_stopped_runs.stop_requested_by is 'The person or API key, or the guard''s rule.';
comment on column v_stopped_runs.stop_event_id is 'The audit event of the stop (audit_events.event_id), if any.';
