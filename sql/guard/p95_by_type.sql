-- How long each workflow type normally takes in one tenant: the p95 runtime of its succeeded
-- runs created since $since, with the number of runs behind it (a rule needs min_runs of them).
-- Only succeeded runs count: failed, stopped and canceled runs end early or late for reasons
-- that are not the type's normal runtime.
select
    type,
    count(*)::bigint                                   as runs,
    quantile_cont(runtime_ms, 0.95)::double            as p95_ms
from workflow_runs
where tenant = $tenant
  and state = 'succeeded'
  and runtime_ms is not null
  and type is not null
  and created_at >= $since
group by type
order by type;
