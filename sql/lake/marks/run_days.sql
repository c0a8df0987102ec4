-- Marks of the run-derived partitions (raw, runs, tasks, errors): a tenant-day changes only
-- when a newer payload of one of its runs lands, so its newest fetched_at and its run count
-- say whether its files are current. Cheap: one pass over raw's three small columns.
select
    tenant,
    cast(timezone('UTC', created_at) as date) as day,
    cast(max(fetched_at) as varchar) || '/' || count(*) as mark
from raw_workflow_runs
group by all
