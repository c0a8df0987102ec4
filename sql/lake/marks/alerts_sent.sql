-- Marks of alerts_sent per tenant: rows are added, and updated by each delivery attempt, so
-- the count, the attempts and the newest attempt say whether the tenant's file is current.
select
    tenant,
    cast(null as date) as day,
    count(*) || '/' || sum(attempts) || '/'
        || coalesce(cast(max(last_attempt_at) as varchar), '') as mark
from alerts_sent
where tenant is not null
group by all
