-- The data dictionary of v_error_types: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_error_types is 'Which error types make runs fail, whose fault they are, and since when?';
comment on column v_error_types.attribution is 'customer, platform or unattributed.';
comment on column v_error_types.error_type is 'The run-level error type; NULL for failed runs without an error.';
comment on column v_error_types.type_family is 'The error type up to its ''/''.';
comment on column v_error_types.failures is 'Failed runs with this error.';
comment on column v_error_types.workflows_affected is 'Distinct workflow names with this error.';
comment on column v_error_types.first_seen is 'End of the first failed run with this error (UTC).';
comment on column v_error_types.last_seen is 'End of the latest failed run with this error (UTC).';
comment on column v_error_types.sample_message is 'The latest message of this type.';
