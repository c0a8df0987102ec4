-- Runs in raw that may still change (not terminal): a sync refetches these until they end.
-- Parameter: $tenant (NULL for every tenant). Oldest first.
select tenant, id, created_at
from raw_workflow_runs
where not is_terminal
  and (cast($tenant as varchar) is null or tenant = $tenant)
order by created_at, id;
