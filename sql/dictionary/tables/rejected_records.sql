-- The data dictionary of rejected_records: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table rejected_records is 'Everything that could not be loaded, with the reason and the text as received.';
comment on column rejected_records.rejection_id is 'Sequential id of the rejection.';
comment on column rejected_records.tenant is 'Tenant the record was fetched for.';
comment on column rejected_records.workflow_id is 'The run id, when it could be read (NULL for audit events).';
comment on column rejected_records.fetched_at is 'When the record was received.';
comment on column rejected_records.rejected_at is 'When it was rejected.';
comment on column rejected_records.source is 'Where it came from: api, import:<file> or audit:api.';
comment on column rejected_records.reason is 'What is wrong, naming the record, the field and the value.';
comment on column rejected_records.payload is 'The text exactly as received (principal emails as digests when hashing is on).';
comment on column rejected_records.resolved_at is 'When a later good record for the same run or event landed; NULL while open.';
