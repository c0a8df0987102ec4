-- audit_events as published: partitioned by tenant and UTC day of happened_at.
select a.*, cast(timezone('UTC', a.happened_at) as date) as day
from audit_events as a
semi join lake_stale as s
    on s.tenant = a.tenant and s.day = cast(timezone('UTC', a.happened_at) as date)
