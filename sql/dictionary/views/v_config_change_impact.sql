-- The data dictionary of v_config_change_impact: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_config_change_impact is 'Do runs whose configuration changed mid-run fail more often?';
comment on column v_config_change_impact.config_changed is 'True: the configuration changed while it ran; false: it did not; NULL: not reported.';
comment on column v_config_change_impact.runs is 'Runs.';
comment on column v_config_change_impact.terminal_runs is 'Runs that ended.';
comment on column v_config_change_impact.failed_runs is 'Failed runs.';
comment on column v_config_change_impact.customer_failures is 'Customer-attributed failures.';
comment on column v_config_change_impact.platform_failures is 'Platform-attributed failures.';
comment on column v_config_change_impact.failure_rate is 'failed_runs / terminal_runs (0-1).';
