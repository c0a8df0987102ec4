-- Marks of audit_events per tenant-day: an event's row changes only when a newer fetch of it
-- lands, so the day's newest fetched_at and its event count say whether its file is current.
select
    tenant,
    cast(timezone('UTC', happened_at) as date) as day,
    cast(max(fetched_at) as varchar) || '/' || count(*) as mark
from audit_events
group by all
