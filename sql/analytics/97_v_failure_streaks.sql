-- Question: which workflows are failing again and again right now, and since when?
-- Grain: one row per tenant and workflow name whose latest succeeded-or-failed runs are
-- failures: current_streak counts the failed runs since its last success (canceled, stopped
-- and skipped runs are passed over).
create or replace view v_failure_streaks as
with decided as (
    select
        id, tenant, name, type, state, created_at, ended_at, error_attribution, error_type,
        count(*) filter (where state = 'succeeded') over (
            partition by tenant, name order by created_at desc, id desc
            rows between unbounded preceding and current row
        ) as successes_since
    from workflow_runs
    where state in ('succeeded', 'failed') and name is not null and created_at is not null
)
select
    tenant,
    name as workflow_name,
    any_value(type) as workflow_type,
    cast(count(*) as bigint) as current_streak,
    arg_min(id, created_at) as streak_first_run_id,
    min(created_at) as streak_started_at,
    arg_max(id, created_at) as last_failed_run_id,
    max(coalesce(ended_at, created_at)) as last_failed_at,
    arg_max(coalesce(error_attribution, 'unattributed'), created_at) as last_attribution,
    arg_max(error_type, created_at) as last_error_type
from decided
where successes_since = 0
group by tenant, name;
