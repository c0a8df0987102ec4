-- The data dictionary of raw_workflow_runs: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table raw_workflow_runs is 'Landing zone: the latest verbose record of each run exactly as the Amperity API sent it.';
comment on column raw_workflow_runs.id is 'Run id, e.g. wf-20240603-12345-MNabc (primary key).';
comment on column raw_workflow_runs.tenant is 'Amperity tenant id the run belongs to.';
comment on column raw_workflow_runs.created_at is 'When the run started (UTC), read from the payload.';
comment on column raw_workflow_runs.state is 'Canonical state at fetch time (lower case, ''_'' for spaces and hyphens).';
comment on column raw_workflow_runs.is_terminal is 'True once the run has ended (succeeded, failed, canceled, stopped, skipped).';
comment on column raw_workflow_runs.fetched_at is 'When this payload was received from the API.';
comment on column raw_workflow_runs.payload is 'The verbose run record as received, unknown fields included (JSON).';
