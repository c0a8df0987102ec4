-- The report's scope: the error objects of the runs in scope (see 10_workflow_runs.sql).
create or replace view workflow_errors as
select e.*
from wh.main.workflow_errors as e
where e.workflow_id in (select id from workflow_runs);
