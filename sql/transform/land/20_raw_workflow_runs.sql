-- raw_workflow_runs upsert: the good records of land_checked, the latest per run.
-- A stored row is replaced only by a strictly newer fetch, so an older (late or replayed)
-- payload never overwrites a newer one, and landing the same records twice is a no-op.
-- The payload is stored as received (unknown fields included) for rebuilds without refetch.
insert into raw_workflow_runs (id, tenant, created_at, state, is_terminal, fetched_at, payload)
select workflow_id, tenant, created_at, state, is_terminal, fetched_at, cast(body as json)
from land_checked
where reason is null
qualify row_number() over (partition by workflow_id order by fetched_at desc, seq desc) = 1
on conflict (id) do update set
    tenant      = excluded.tenant,
    created_at  = excluded.created_at,
    state       = excluded.state,
    is_terminal = excluded.is_terminal,
    fetched_at  = excluded.fetched_at,
    payload     = excluded.payload
where excluded.fetched_at > raw_workflow_runs.fetched_at;
