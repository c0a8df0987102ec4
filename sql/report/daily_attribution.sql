-- Failure rate by UTC day, split by attribution: one row per day over all tenants and types
-- in scope; each rate is that attribution's failures over the day's terminal runs.
with per_day as (
    select
        day,
        cast(sum(runs) as bigint) as runs,
        cast(sum(terminal_runs) as bigint) as terminal_runs,
        cast(sum(failed_runs) as bigint) as failed_runs,
        cast(sum(customer_failures) as bigint) as customer_failures,
        cast(sum(platform_failures) as bigint) as platform_failures,
        cast(sum(unattributed_failures) as bigint) as unattributed_failures
    from v_failure_attribution_daily
    group by day
)
select
    day,
    runs,
    terminal_runs,
    failed_runs,
    customer_failures,
    platform_failures,
    unattributed_failures,
    cast(failed_runs as double) / nullif(terminal_runs, 0) as failure_rate,
    cast(customer_failures as double) / nullif(terminal_runs, 0) as customer_rate,
    cast(platform_failures as double) / nullif(terminal_runs, 0) as platform_rate,
    cast(unattributed_failures as double) / nullif(terminal_runs, 0) as unattributed_rate
from per_day
order by day;
