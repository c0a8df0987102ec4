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

-- Every modelled run is in model_batch, so the transforms that follow would delete every row
-- of the three tables, run by run (0.3 s of hash joins at 100,000 runs): empty them at once.
-- Inside the rebuild's one transaction, so a failure leaves them as they were.
delete from workflow_runs;
delete from task_instances;
delete from workflow_errors;
