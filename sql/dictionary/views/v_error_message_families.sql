-- The data dictionary of v_error_message_families: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_error_message_families is 'Which error messages keep coming back once names, ids and numbers are ignored?';
comment on column v_error_message_families.attribution is 'customer, platform or unattributed.';
comment on column v_error_message_families.message_family is 'The message with names, ids and numbers replaced (error_message_family).';
comment on column v_error_message_families.failures is 'Failed runs whose message is of this family.';
comment on column v_error_message_families.workflows_affected is 'Distinct workflow names.';
comment on column v_error_message_families.distinct_messages is 'Distinct message texts in the family.';
comment on column v_error_message_families.error_types is 'The error types seen with this family, comma-separated.';
comment on column v_error_message_families.first_seen is 'End of the first such failure (UTC).';
comment on column v_error_message_families.last_seen is 'End of the latest such failure (UTC).';
comment on column v_error_message_families.example_message is 'The latest message of the family.';
