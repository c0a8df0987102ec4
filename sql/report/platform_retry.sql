-- Platform failures in scope that a success followed within a day (transient) or not.
select
    cast(count(*) as bigint) as platform_failures,
    cast(count(*) filter (where recovered_within_day) as bigint) as recovered_within_day,
    cast(count(*) filter (where not recovered_within_day) as bigint) as not_recovered_within_day,
    cast(count(*) filter (where recovered_within_day) as double) / nullif(count(*), 0)
        as transient_share
from v_platform_retry_success;
