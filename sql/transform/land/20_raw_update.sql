-- raw_workflow_runs, runs already stored: the records of land_winners that replace a stored
-- row, in place (the latest fetch of the run in the batch, strictly newer than the stored one,
-- so an older, late or replayed payload never overwrites a newer one). The fetched_at guard
-- repeats land_winners' rule. The payload is stored as received, unknown fields included.
update raw_workflow_runs as r
set tenant      = c.tenant,
    created_at  = c.created_at,
    state       = c.state,
    is_terminal = c.is_terminal,
    fetched_at  = c.fetched_at,
    payload     = cast(i.body as json)
from land_checked as c
join land_incoming as i on i.seq = c.seq
where c.seq in (select seq from land_winners where is_stored)
  and r.id = c.workflow_id
  and c.fetched_at > r.fetched_at;
