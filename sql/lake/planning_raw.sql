-- What planning knows of a tenant's runs: the lake's raw layer plus landed batches not yet
-- loaded (planning_pending), the newest answer per run winning, as the loader would decide.
create or replace view plan.raw_workflow_runs as
select *
from (
    select id, tenant, created_at, is_terminal, fetched_at from plan.lake_raw
    union all
    select * from pending_raw
)
qualify row_number() over (partition by id order by fetched_at desc) = 1;
