-- task_instances as published, beside their run: partitioned by the run's tenant and day.
-- The stale runs are found first (few), then their tasks: the cost follows the stale days.
with stale_runs as (
    select w.id, cast(timezone('UTC', w.created_at) as date) as day
    from workflow_runs as w
    semi join lake_stale as s
        on s.tenant = w.tenant and s.day = cast(timezone('UTC', w.created_at) as date)
    where w.created_at >= $since and w.created_at < $until  -- the stale days' span
)
select t.*, r.day
from task_instances as t
join stale_runs as r on r.id = t.workflow_id
-- the stale runs' id range (lake/stale_run_ids.sql), constants DuckDB prunes row groups by:
-- the join alone reads them all
where t.workflow_id between $first_run and $last_run
