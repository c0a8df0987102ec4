-- model_source: the raw payloads of model_batch, each parsed once (parse_run_record) into the
-- structure the two stages flatten: model_runs_stage its run fields, model_tasks_stage its
-- task list. model_source_rows is one slice of model_slices (first_rowid to last_rowid): the
-- range lets DuckDB skip the row groups outside it; a slice not `dense` (some raw rows of the
-- range are not in model_batch, as in a refresh) also looks each row up in model_batch, which
-- is a third slower. The table is created empty here and filled a slice at a time
-- (06_model_source_slice.sql), so the text parsed together stays bounded.
-- task_ts: the tasks' timestamps as instants (task_times), as the landing computes them.
create or replace temp macro model_source_rows(first_rowid, last_rowid, dense) as table
select *, task_times(rec.task_instances) as task_ts
from (
    select r.id, r.tenant, r.fetched_at, parse_run_record(r.payload) as rec
    from raw_workflow_runs as r
    where r.rowid between first_rowid and last_rowid
      and (dense or r.rowid in (select raw_rowid from model_batch))
);

create or replace temp table model_source as
from model_source_rows(0, -1, true);
