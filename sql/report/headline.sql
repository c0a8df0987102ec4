-- Headline numbers for a tenant (NULL = all) and UTC days [date_from, date_to) (NULL = open).
-- customer_share = customer failures / failed runs: the part of failures the team can fix by
-- changing configuration.
with days_in_scope as (
    select *
    from v_failure_attribution_daily
    where ($tenant is null or tenant = $tenant)
      and (cast($date_from as date) is null or day >= cast($date_from as date))
      and (cast($date_to as date) is null or day < cast($date_to as date))
),
totals as (
    select
        cast(coalesce(sum(runs), 0) as bigint) as runs,
        cast(coalesce(sum(terminal_runs), 0) as bigint) as terminal,
        cast(coalesce(sum(failed_runs), 0) as bigint) as failed,
        cast(coalesce(sum(customer_failures), 0) as bigint) as customer_failures,
        cast(coalesce(sum(platform_failures), 0) as bigint) as platform_failures,
        cast(coalesce(sum(unattributed_failures), 0) as bigint) as unattributed
    from days_in_scope
)
select
    runs,
    terminal,
    failed,
    cast(failed as double) / nullif(terminal, 0) as failure_rate,
    customer_failures,
    platform_failures,
    unattributed,
    cast(customer_failures as double) / nullif(failed, 0) as customer_share
from totals;
