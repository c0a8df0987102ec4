-- The data dictionary of v_failure_streaks: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_failure_streaks is 'Which workflows are failing again and again right now, and since when?';
comment on column v_failure_streaks.tenant is 'Amperity tenant id.';
comment on column v_failure_streaks.workflow_name is 'Workflow name.';
comment on column v_failure_streaks.workflow_type is 'Workflow type.';
comment on column v_failure_streaks.current_streak is 'Failed runs since the workflow''s last success.';
comment on column v_failure_streaks.streak_first_run_id is 'The first failed run of the streak.';
comment on column v_failure_streaks.streak_started_at is 'When it started (UTC).';
comment on column v_failure_streaks.last_failed_run_id is 'The latest failed run.';
comment on column v_failure_streaks.last_failed_at is 'When it ended (UTC).';
comment on column v_failure_streaks.last_attribution is 'Whose fault the latest failure was.';
comment on column v_failure_streaks.last_error_type is 'Its error type.';
