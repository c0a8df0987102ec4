-- Question: do runs whose configuration changed while they ran (launched_version <>
-- current_version) fail more often than the rest?
-- Grain: one row per value of config_changed (true, false, NULL = versions not reported).
create or replace view v_config_change_impact as
select
    config_changed,
    cast(count(*) as bigint) as runs,
    cast(count(*) filter (where coalesce(is_terminal, false)) as bigint) as terminal_runs,
    cast(count(*) filter (where state = 'failed') as bigint) as failed_runs,
    cast(count(*) filter (where state = 'failed' and error_attribution = 'customer') as bigint)
        as customer_failures,
    cast(count(*) filter (where state = 'failed' and error_attribution = 'platform') as bigint)
        as platform_failures,
    cast(count(*) filter (where state = 'failed') as double)
        / nullif(count(*) filter (where coalesce(is_terminal, false)), 0) as failure_rate
from workflow_runs
group by config_changed;
