-- The data dictionary of v_failure_attribution_daily: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_failure_attribution_daily is 'How many runs failed each UTC day, per tenant and workflow type, and whose fault was it?';
comment on column v_failure_attribution_daily.day is 'UTC day of created_at.';
comment on column v_failure_attribution_daily.tenant is 'Amperity tenant id.';
comment on column v_failure_attribution_daily.workflow_type is 'Workflow type, e.g. stitch.run.';
comment on column v_failure_attribution_daily.runs is 'Runs created that day, in flight or not.';
comment on column v_failure_attribution_daily.terminal_runs is 'Runs of that day that have ended.';
comment on column v_failure_attribution_daily.failed_runs is 'Runs whose state is failed.';
comment on column v_failure_attribution_daily.customer_failures is 'Failed runs with a customer-attributed error.';
comment on column v_failure_attribution_daily.platform_failures is 'Failed runs with a platform-attributed error.';
comment on column v_failure_attribution_daily.unattributed_failures is 'Failed runs whose error says neither.';
comment on column v_failure_attribution_daily.failure_rate is 'failed_runs / terminal_runs (0-1); NULL when nothing finished.';
