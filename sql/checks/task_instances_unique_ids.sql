-- Each task instance appears once in task_instances.
select count(*) as failures, list(id order by id)[1:10] as sample
from (select id from task_instances group by id having count(*) > 1);
