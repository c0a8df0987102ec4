-- raw_audit_events upsert: the good events of audit_checked, the latest fetch per event.
-- An older (replayed) fetch never overwrites a newer one; landing a batch twice is a no-op.
insert into raw_audit_events (event_id, tenant, happened_at, event_type, fetched_at, payload)
select event_id, tenant, happened_at, event_type, fetched_at, cast(body as json)
from audit_checked
where reason is null
qualify row_number() over (partition by event_id order by fetched_at desc, seq desc) = 1
on conflict (event_id) do update set
    tenant      = excluded.tenant,
    happened_at = excluded.happened_at,
    event_type  = excluded.event_type,
    fetched_at  = excluded.fetched_at,
    payload     = excluded.payload
where excluded.fetched_at > raw_audit_events.fetched_at;
