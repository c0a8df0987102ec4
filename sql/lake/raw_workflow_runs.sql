-- raw_workflow_runs as published: every stale tenant-day (temp table lake_stale).
select r.*, cast(timezone('UTC', r.created_at) as date) as day
from raw_workflow_runs as r
semi join lake_stale as s
    on s.tenant = r.tenant and s.day = cast(timezone('UTC', r.created_at) as date)
-- the stale days' span ($since, $until: publish.py), so only their row groups are read
where r.created_at >= $since and r.created_at < $until
    -- the piece of those rows this COPY writes (stale_row_pieces.sql)
    and r.rowid between $first_row and $last_row
