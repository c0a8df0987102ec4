-- Runtime distribution per workflow type over finished runs in scope, slowest p95 first:
-- the five-number summary plus p95 draws a box and whisker per type.
select
    coalesce(type, '(no type)') as workflow_type,
    cast(count(runtime_ms) as bigint) as timed_runs,
    cast(min(runtime_ms) as bigint) as min_runtime_ms,
    cast(quantile_cont(runtime_ms, 0.25) as double) as p25_runtime_ms,
    cast(quantile_cont(runtime_ms, 0.5) as double) as p50_runtime_ms,
    cast(quantile_cont(runtime_ms, 0.75) as double) as p75_runtime_ms,
    cast(quantile_cont(runtime_ms, 0.95) as double) as p95_runtime_ms,
    cast(max(runtime_ms) as bigint) as max_runtime_ms,
    cast(count(*) filter (where coalesce(exceeded_warn_after, false)) as bigint)
        as runs_over_warn_after
from workflow_runs
where coalesce(is_terminal, false) and runtime_ms is not null
group by all
order by p95_runtime_ms desc, workflow_type
limit 12;
