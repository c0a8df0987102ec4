-- One slice of model_slices ($first_rowid to $last_rowid) parsed into model_source, so the text
-- parsed together stays bounded whatever the size of the records. The range lets DuckDB skip
-- the row groups outside the slice; a slice not $dense (some raw rows of the range are not in
-- model_batch, as in a refresh) also looks each row up in model_batch, which is a third slower.
insert into model_source
select *, task_times(rec.task_instances) as task_ts
from (
    select r.id, r.tenant, r.fetched_at, parse_run_record(r.payload) as rec
    from raw_workflow_runs as r
    where r.rowid between $first_rowid and $last_rowid
      and ($dense or r.rowid in (select raw_rowid from model_batch))
);
