-- Question: per tenant and platform error type, how many failures were transient (a success
-- followed within 24 hours) against those that were not?
-- Grain: one row per tenant and error type of platform-attributed failures.
create or replace view v_platform_retry_summary as
select
    tenant,
    error_type,
    cast(count(*) as bigint) as platform_failures,
    cast(count(*) filter (where recovered_within_day) as bigint) as recovered_within_day,
    cast(count(*) filter (where not recovered_within_day) as bigint) as not_recovered_within_day,
    cast(count(*) filter (where recovered_within_day) as double) / count(*) as transient_share
from v_platform_retry_success
group by tenant, error_type;
