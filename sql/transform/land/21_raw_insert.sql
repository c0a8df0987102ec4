-- raw_workflow_runs, new runs: the records of land_winners for runs not stored yet, a plain
-- append (the common case of a first load, so no conflict handling is paid for it).
-- The payload is stored as received (unknown fields included) for rebuilds without refetch.
insert into raw_workflow_runs (id, tenant, created_at, state, is_terminal, fetched_at, payload)
select c.workflow_id, c.tenant, c.created_at, c.state, c.is_terminal, c.fetched_at,
    cast(i.body as json)
from land_checked as c
join land_incoming as i on i.seq = c.seq
where c.seq in (select seq from land_winners where not is_stored);
