-- audit_events as published: partitioned by tenant and UTC day of happened_at.
select a.*, cast(timezone('UTC', a.happened_at) as date) as day
from audit_events as a
semi join lake_stale as s
    on s.tenant = a.tenant and s.day = cast(timezone('UTC', a.happened_at) as date)
-- the stale days' span ($since, $until: publish.py), so only their row groups are read
where a.happened_at >= $since and a.happened_at < $until
