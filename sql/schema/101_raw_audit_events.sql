-- Landing zone for the tenant's audit log: one row per event, exactly as GET /audit-events
-- sent it (principal email and origin IP as digests when WF_ETL_HASH_PRINCIPAL_EMAILS is on).
-- Events never change once they happen, so a second fetch of one only refreshes fetched_at.
create table if not exists raw_audit_events (
    event_id    varchar     not null primary key,  -- e.g. ae-Ab1cDeFgHi
    tenant      varchar     not null,              -- the tenant it was fetched for
    happened_at timestamptz not null,
    event_type  varchar,                           -- as sent, e.g. :amperity.credential/updated
    fetched_at  timestamptz not null,
    payload     json        not null
);
