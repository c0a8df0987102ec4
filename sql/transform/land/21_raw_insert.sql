-- raw_workflow_runs, new runs: the records of land_winners for runs not stored yet, a plain
-- append (the common case of a first load, so no conflict handling is paid for it).
-- The payload is stored as received (unknown fields included) for rebuilds without refetch.
insert into raw_workflow_runs (id, tenant, created_at, state, is_terminal, fetched_at, payload)
select workflow_id, tenant, created_at, state, is_terminal, fetched_at, cast(body as json)
from land_checked
where seq in (select seq from land_winners where not is_stored);
