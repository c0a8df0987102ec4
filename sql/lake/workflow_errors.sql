-- workflow_errors as published, beside their run: partitioned by the run's tenant and day.
with stale_runs as (
    select w.id, cast(timezone('UTC', w.created_at) as date) as day
    from workflow_runs as w
    semi join lake_stale as s
        on s.tenant = w.tenant and s.day = cast(timezone('UTC', w.created_at) as date)
    where w.created_at >= $since and w.created_at < $until  -- the stale days' span
)
select e.*, r.day
from workflow_errors as e
join stale_runs as r on r.id = e.workflow_id
-- the stale runs' id range (lake/stale_run_ids.sql), constants DuckDB prunes row groups by:
-- the join alone reads them all
where e.workflow_id between $first_run and $last_run
