-- Question: which workflows are flaky: they fail, and the next run passes with nothing changed?
-- Grain: one row per tenant and workflow name with at least one succeeded or failed run.
-- flakiness_score = flaky_failures / decided_runs: the share of the workflow's runs that
-- failed and were then fixed by nothing but the next run (see v_failure_next_run).
-- flaky_share_of_failures = flaky_failures / failures.
create or replace view v_flaky_workflows as
with runs as (
    select tenant, name, any_value(type) as workflow_type,
        cast(count(*) as bigint) as decided_runs,
        cast(count(*) filter (where state = 'failed') as bigint) as failures
    from workflow_runs
    where state in ('succeeded', 'failed') and name is not null
    group by tenant, name
),
flaky as (
    select tenant, workflow_name,
        cast(count(*) filter (where is_flaky) as bigint) as flaky_failures,
        max(created_at) filter (where is_flaky) as last_flaky_failure_at
    from v_failure_next_run
    group by tenant, workflow_name
)
select
    r.tenant,
    r.name as workflow_name,
    r.workflow_type,
    r.decided_runs,
    r.failures,
    coalesce(f.flaky_failures, 0) as flaky_failures,
    cast(coalesce(f.flaky_failures, 0) as double) / r.decided_runs as flakiness_score,
    cast(coalesce(f.flaky_failures, 0) as double) / nullif(r.failures, 0)
        as flaky_share_of_failures,
    f.last_flaky_failure_at
from runs as r
left join flaky as f on f.tenant = r.tenant and f.workflow_name = r.name;
