-- Raw's rows in the stale tenant-days (temp table lake_stale), cut into rowid ranges of at
-- most $rows of them, one COPY each (publish.py says why); $since and $until as in
-- raw_workflow_runs.sql.
select min(rowid) as first_row, max(rowid) as last_row
from (
    select
        r.rowid,
        (row_number() over (order by r.rowid) - 1) // $rows as piece
    from raw_workflow_runs as r
    semi join lake_stale as s
        on s.tenant = r.tenant and s.day = cast(timezone('UTC', r.created_at) as date)
    where r.created_at >= $since and r.created_at < $until
)
group by piece
order by piece
