-- Question: how many runs failed each UTC day, per tenant and workflow type, and whose fault
-- was it (customer configuration, Amperity platform, or not said)?
-- Grain: one row per UTC day of created_at, tenant and workflow type.
-- failure_rate = failed_runs / terminal_runs; NULL on a day with no finished run, because runs
-- still in flight have not yet had the chance to fail.
create or replace view v_failure_attribution_daily as
with runs_by_day as (
    select
        cast(timezone('UTC', created_at) as date) as day,
        tenant,
        type as workflow_type,
        state,
        coalesce(is_terminal, false) as is_terminal,
        error_attribution
    from workflow_runs
    where created_at is not null
),
counts as (
    select
        day,
        tenant,
        workflow_type,
        cast(count(*) as bigint) as runs,
        cast(count(*) filter (where is_terminal) as bigint) as terminal_runs,
        cast(count(*) filter (where state = 'failed') as bigint) as failed_runs,
        cast(count(*) filter (where state = 'failed' and error_attribution = 'customer') as bigint)
            as customer_failures,
        cast(count(*) filter (where state = 'failed' and error_attribution = 'platform') as bigint)
            as platform_failures
    from runs_by_day
    group by day, tenant, workflow_type
)
select
    day,
    tenant,
    workflow_type,
    runs,
    terminal_runs,
    failed_runs,
    customer_failures,
    platform_failures,
    failed_runs - customer_failures - platform_failures as unattributed_failures,
    cast(failed_runs as double) / nullif(terminal_runs, 0) as failure_rate
from counts;
