-- model_batch for rebuild: every run in raw, plus every run the model still holds without a raw
-- row (raw_rowid NULL: its model rows are deleted and nothing replaces them). A rebuild thus
-- re-derives everything from raw, e.g. after a transform change, through the same transforms
-- as a refresh.
create or replace temp table model_batch as
select id, rowid as raw_rowid
from raw_workflow_runs
union all
select id, null
from (
    select id from workflow_runs
    union
    select workflow_id from task_instances
    union
    select workflow_id from workflow_errors
) as modelled
where id not in (select id from raw_workflow_runs);
