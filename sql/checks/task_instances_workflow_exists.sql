-- Every task belongs to a run that is in workflow_runs.
select count(*) as failures, list(t.id || ' -> ' || t.workflow_id order by t.id)[1:10] as sample
from task_instances as t
anti join workflow_runs as r on r.id = t.workflow_id;
