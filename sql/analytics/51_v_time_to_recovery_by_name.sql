-- Question: which workflows take longest to recover after a failure, and which stay broken?
-- Grain: one row per tenant and workflow name with at least one failed run.
-- The median is over recovered failures; unrecovered_failures have no later success loaded.
create or replace view v_time_to_recovery_by_name as
select
    tenant,
    workflow_name,
    any_value(workflow_type) as workflow_type,
    cast(count(*) as bigint) as failures,
    cast(count(*) filter (where is_recovered) as bigint) as recovered_failures,
    cast(count(*) filter (where not is_recovered) as bigint) as unrecovered_failures,
    cast(median(time_to_recovery_ms) as double) as median_time_to_recovery_ms,
    cast(max(time_to_recovery_ms) as bigint) as max_time_to_recovery_ms,
    max(failed_created_at) as last_failure_at
from v_time_to_recovery
group by tenant, workflow_name;
