-- Question: how long do workflows take, per tenant, type and name, and how often do they run
-- past the time they warn after?
-- Grain: one row per tenant, workflow type and workflow name. Percentiles (interpolated) and
-- max are over finished runs with a runtime; runs counts every run, in flight or not.
create or replace view v_runtime_by_type as
with runs as (
    select
        tenant,
        type as workflow_type,
        name as workflow_name,
        case when coalesce(is_terminal, false) then runtime_ms end as finished_runtime_ms,
        coalesce(exceeded_warn_after, false) as exceeded_warn_after
    from workflow_runs
)
select
    tenant,
    workflow_type,
    workflow_name,
    cast(count(*) as bigint) as runs,
    cast(count(finished_runtime_ms) as bigint) as timed_runs,
    cast(quantile_cont(finished_runtime_ms, 0.5) as double) as p50_runtime_ms,
    cast(quantile_cont(finished_runtime_ms, 0.95) as double) as p95_runtime_ms,
    cast(max(finished_runtime_ms) as bigint) as max_runtime_ms,
    cast(count(*) filter (where exceeded_warn_after) as bigint) as runs_over_warn_after
from runs
group by tenant, workflow_type, workflow_name;
