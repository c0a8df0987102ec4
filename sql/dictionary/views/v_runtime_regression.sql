-- The data dictionary of v_runtime_regression: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_runtime_regression is 'Which workflows got slower than their own baseline?';
comment on column v_runtime_regression.tenant is 'Amperity tenant id.';
comment on column v_runtime_regression.workflow_name is 'Workflow name.';
comment on column v_runtime_regression.workflow_type is 'Workflow type.';
comment on column v_runtime_regression.baseline_runs is 'Succeeded runs in the 28 days before the recent window.';
comment on column v_runtime_regression.baseline_p50_ms is 'Their median runtime (ms).';
comment on column v_runtime_regression.baseline_p90_ms is 'Their 90th percentile runtime (ms).';
comment on column v_runtime_regression.recent_runs is 'Succeeded runs in the 3 days before analysis_as_of().';
comment on column v_runtime_regression.recent_p50_ms is 'Their median runtime (ms).';
comment on column v_runtime_regression.slowdown_ratio is 'recent_p50_ms / baseline_p50_ms.';
comment on column v_runtime_regression.is_regression is '>= 3 recent and 10 baseline runs, ratio >= 1.5 and recent median above baseline p90.';
