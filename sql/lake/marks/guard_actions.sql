-- Marks of guard_actions per tenant: append-only, so the count and the newest decision do.
select
    tenant,
    cast(null as date) as day,
    count(*) || '/' || cast(max(decided_at) as varchar) as mark
from guard_actions
group by all
