-- The data dictionary of guard_actions: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table guard_actions is 'The runaway guard''s audit trail: one row per decision about a run over its limit, and per manual stop.';
comment on column guard_actions.decided_at is 'When the guard decided (UTC).';
comment on column guard_actions.batch_id is 'One evaluation: a sensor tick or a CLI call.';
comment on column guard_actions.source is 'Who decided: sensor, cli-guard or cli-stop.';
comment on column guard_actions.tenant is 'Amperity tenant id.';
comment on column guard_actions.run_id is 'The run decided about (workflow_runs.id).';
comment on column guard_actions.name is 'Workflow name.';
comment on column guard_actions.type is 'Workflow type.';
comment on column guard_actions.state is 'Canonical state last seen before acting.';
comment on column guard_actions.rule is 'Policy rule that matched; manual for wf-etl stop.';
comment on column guard_actions.runtime_ms is 'Runtime so far when deciding (decided_at - created_at).';
comment on column guard_actions.limit_ms is 'The limit the run was held to; NULL for manual stops.';
comment on column guard_actions.limit_basis is 'How the limit was set, e.g. 3x p95 (p95 37m over 104 runs).';
comment on column guard_actions.action is 'What the rule asks: flag or stop.';
comment on column guard_actions.dry_run is 'True when no stop request could be sent.';
comment on column guard_actions.outcome is 'flagged, would_stop, stopped, already_ended, already_stopping, not_found, error, ...';
comment on column guard_actions.detail is 'Why, in words (never a secret).';
comment on column guard_actions.api_status is 'HTTP status of the deciding API answer, if any.';
comment on column guard_actions.request_id is 'The API''s request id of that answer, to quote to Amperity support.';
