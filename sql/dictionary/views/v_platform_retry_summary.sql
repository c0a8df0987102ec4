-- The data dictionary of v_platform_retry_summary: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_platform_retry_summary is 'Per tenant and platform error type, how many failures did a rerun fix within a day?';
comment on column v_platform_retry_summary.tenant is 'Amperity tenant id.';
comment on column v_platform_retry_summary.error_type is 'Platform error type.';
comment on column v_platform_retry_summary.platform_failures is 'Failed runs with this error.';
comment on column v_platform_retry_summary.recovered_within_day is 'Those followed by a success within 24 h.';
comment on column v_platform_retry_summary.not_recovered_within_day is 'Those not.';
comment on column v_platform_retry_summary.transient_share is 'recovered_within_day / platform_failures (0-1).';
