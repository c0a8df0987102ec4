-- The data dictionary of v_flaky_workflows: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_flaky_workflows is 'Which workflows are flaky: they fail and the next run passes with nothing changed?';
comment on column v_flaky_workflows.tenant is 'Amperity tenant id.';
comment on column v_flaky_workflows.workflow_name is 'Workflow name.';
comment on column v_flaky_workflows.workflow_type is 'Workflow type.';
comment on column v_flaky_workflows.decided_runs is 'Succeeded plus failed runs.';
comment on column v_flaky_workflows.failures is 'Failed runs.';
comment on column v_flaky_workflows.flaky_failures is 'Failures the next run fixed with no change between.';
comment on column v_flaky_workflows.flakiness_score is 'flaky_failures / decided_runs (0-1).';
comment on column v_flaky_workflows.flaky_share_of_failures is 'flaky_failures / failures (0-1).';
comment on column v_flaky_workflows.last_flaky_failure_at is 'When the latest flaky failure started (UTC).';
