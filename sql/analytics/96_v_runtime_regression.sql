-- Question: which workflows got slower: are their recent runs slow against their own past?
-- Grain: one row per tenant and workflow name with succeeded runs in the baseline.
-- Method: recent = succeeded runs created in the 3 days before analysis_as_of() (now()
-- unless pinned); baseline = its succeeded runs in the 28 days before those. A regression
-- needs at least 3 recent and 10 baseline runs, a recent median at least 1.5 x the baseline
-- median, and above the baseline's 90th percentile (so a workflow whose runtime always swings
-- widely is not flagged for an ordinary slow spell).
create or replace view v_runtime_regression as
with as_of as (
    select analysis_as_of() as as_of
),
runs as (
    select
        r.tenant, r.name, r.type, r.runtime_ms,
        r.created_at >= a.as_of - interval 3 day as is_recent
    from workflow_runs as r
    cross join as_of as a
    where r.state = 'succeeded' and r.name is not null and r.runtime_ms is not null
      and r.created_at < a.as_of
      and r.created_at >= a.as_of - interval 31 day
),
measured as (
    select
        tenant,
        name,
        any_value(type) as workflow_type,
        cast(count(*) filter (where not is_recent) as bigint) as baseline_runs,
        cast(quantile_cont(runtime_ms, 0.5) filter (where not is_recent) as double)
            as baseline_p50_ms,
        cast(quantile_cont(runtime_ms, 0.9) filter (where not is_recent) as double)
            as baseline_p90_ms,
        cast(count(*) filter (where is_recent) as bigint) as recent_runs,
        cast(quantile_cont(runtime_ms, 0.5) filter (where is_recent) as double) as recent_p50_ms
    from runs
    group by tenant, name
)
select
    tenant,
    name as workflow_name,
    workflow_type,
    baseline_runs,
    baseline_p50_ms,
    baseline_p90_ms,
    recent_runs,
    recent_p50_ms,
    recent_p50_ms / nullif(baseline_p50_ms, 0) as slowdown_ratio,
    coalesce(
        recent_runs >= 3 and baseline_runs >= 10
        and recent_p50_ms >= 1.5 * baseline_p50_ms
        and recent_p50_ms > baseline_p90_ms,
        false
    ) as is_regression
from measured
where baseline_runs > 0;
