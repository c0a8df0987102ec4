-- What the report covers: the runs in scope, their tenants and their first and last creation.
select
    cast(count(*) as bigint) as runs,
    string_agg(distinct tenant, ', ' order by tenant) as tenants,
    min(created_at) as first_created_at,
    max(created_at) as last_created_at
from workflow_runs;
