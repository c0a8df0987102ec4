-- Which of the given run ids are already terminal in raw: a sync never fetches these again.
-- Parameters: $tenant, $ids (a list of run ids).
select id
from raw_workflow_runs
where tenant = $tenant
  and is_terminal
  and id in (select unnest(cast($ids as varchar[])));
