-- Which of the given run ids are already terminal in raw: a sync never fetches these again.
-- Parameters: $tenant; the ids asked about are the relation asked_ids (one column, id),
-- registered by wf_etl.warehouse.lookup.
select id
from raw_workflow_runs
where tenant = $tenant
  and is_terminal
  and id in (select id from asked_ids);
