-- Each run appears once in workflow_runs.
select count(*) as failures, list(id order by id)[1:10] as sample
from (select id from workflow_runs group by id having count(*) > 1);
