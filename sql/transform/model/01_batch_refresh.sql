-- model_batch for refresh: the runs whose raw row is newer than the model's, or missing from it.
-- Keyed on fetched_at, so a refresh that failed half-way (and rolled back) is caught up by the
-- next one, and a refresh with nothing new does nothing.
-- raw_rowid lets the stages fetch just these raw rows: filtering raw by id would read every
-- payload in the table first.
create or replace temp table model_batch as
select r.id, r.rowid as raw_rowid
from raw_workflow_runs as r
left join workflow_runs as w on w.id = r.id
where w.id is null or r.fetched_at > w.fetched_at;
