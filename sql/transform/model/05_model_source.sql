-- model_source: the raw payloads of model_batch, each parsed once (parse_run_record) into the
-- structure the two stages flatten: model_runs_stage its run fields, model_tasks_stage its
-- task list. Created empty here; 06_model_source_slice.sql fills it a slice at a time.
-- task_ts: the tasks' timestamps as instants (task_times), as the landing computes them.
create or replace temp table model_source as
select *, task_times(rec.task_instances) as task_ts
from (
    select r.id, r.tenant, r.fetched_at, parse_run_record(r.payload) as rec
    from raw_workflow_runs as r
    where false
);
