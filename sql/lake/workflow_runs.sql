-- workflow_runs as published, partitioned by tenant and the UTC day the run was created.
select w.*, cast(timezone('UTC', w.created_at) as date) as day
from workflow_runs as w
semi join lake_stale as s
    on s.tenant = w.tenant and s.day = cast(timezone('UTC', w.created_at) as date)
-- the stale days' span ($since, $until: publish.py), so only their row groups are read
where w.created_at >= $since and w.created_at < $until
