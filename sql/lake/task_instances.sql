-- task_instances as published, beside their run: partitioned by the run's tenant and day.
select t.*, cast(timezone('UTC', w.created_at) as date) as day
from task_instances as t
join workflow_runs as w on w.id = t.workflow_id
semi join lake_stale as s
    on s.tenant = w.tenant and s.day = cast(timezone('UTC', w.created_at) as date)
