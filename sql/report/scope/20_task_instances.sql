-- The report's scope: the tasks of the runs in scope (see 10_workflow_runs.sql).
create or replace view task_instances as
select t.*
from wh.main.task_instances as t
where t.workflow_id in (select id from workflow_runs);
