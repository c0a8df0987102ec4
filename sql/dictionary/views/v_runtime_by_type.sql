-- The data dictionary of v_runtime_by_type: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_runtime_by_type is 'How long do workflows take, per tenant, type and name?';
comment on column v_runtime_by_type.tenant is 'Amperity tenant id.';
comment on column v_runtime_by_type.workflow_type is 'Workflow type.';
comment on column v_runtime_by_type.workflow_name is 'Workflow name.';
comment on column v_runtime_by_type.runs is 'All runs, in flight or not.';
comment on column v_runtime_by_type.timed_runs is 'Finished runs with a runtime.';
comment on column v_runtime_by_type.p50_runtime_ms is 'Median runtime of finished runs (ms).';
comment on column v_runtime_by_type.p95_runtime_ms is '95th percentile runtime of finished runs (ms, interpolated).';
comment on column v_runtime_by_type.max_runtime_ms is 'Longest runtime (ms).';
comment on column v_runtime_by_type.runs_over_warn_after is 'Runs that went past their warn_after_ms.';
