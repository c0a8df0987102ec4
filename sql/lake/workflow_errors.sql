-- workflow_errors as published, beside their run: partitioned by the run's tenant and day.
select e.*, cast(timezone('UTC', w.created_at) as date) as day
from workflow_errors as e
join workflow_runs as w on w.id = e.workflow_id
semi join lake_stale as s
    on s.tenant = w.tenant and s.day = cast(timezone('UTC', w.created_at) as date)
