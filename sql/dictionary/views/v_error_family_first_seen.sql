-- The data dictionary of v_error_family_first_seen: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_error_family_first_seen is 'When was each error family first and last seen, and which are new?';
comment on column v_error_family_first_seen.tenant is 'Amperity tenant id.';
comment on column v_error_family_first_seen.attribution is 'customer, platform or unattributed.';
comment on column v_error_family_first_seen.error_family is 'error_message_family(message), else the error type, else (no error).';
comment on column v_error_family_first_seen.error_types is 'Error types seen with the family, comma-separated.';
comment on column v_error_family_first_seen.failures is 'Failed runs of the family.';
comment on column v_error_family_first_seen.workflows_affected is 'Distinct workflow names.';
comment on column v_error_family_first_seen.first_seen is 'End of the first failure of the family (UTC).';
comment on column v_error_family_first_seen.last_seen is 'End of the latest failure (UTC).';
comment on column v_error_family_first_seen.first_run_id is 'The first failed run of the family.';
comment on column v_error_family_first_seen.first_workflow_name is 'Its workflow.';
comment on column v_error_family_first_seen.example_message is 'The latest message of the family.';
comment on column v_error_family_first_seen.days_since_first_seen is 'Days from first_seen to analysis_as_of() (now unless pinned).';
comment on column v_error_family_first_seen.is_new is 'True when first seen in the 7 days before analysis_as_of().';
