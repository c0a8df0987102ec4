-- Marks of rejected_records per tenant: a rejection is added or resolved, never edited.
select
    tenant,
    cast(null as date) as day,
    count(*) || '/' || coalesce(cast(max(rejected_at) as varchar), '')
        || '/' || coalesce(cast(max(resolved_at) as varchar), '') as mark
from rejected_records
group by all
