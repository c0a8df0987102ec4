-- model_source: the raw payloads of model_batch, each parsed once (parse_run_record) into the
-- structure the two stages flatten: model_runs_stage its run fields, model_tasks_stage its
-- task list. raw_rowid fetches just these raw rows: filtering raw by id would read every
-- payload in the table first.
-- task_ts: the tasks' timestamps as instants (task_times), as the landing computes them.
create or replace temp table model_source as
select *, task_times(rec.task_instances) as task_ts
from (
    select r.id, r.tenant, r.fetched_at, parse_run_record(r.payload) as rec
    from raw_workflow_runs as r
    where r.rowid in (select raw_rowid from model_batch)
);
