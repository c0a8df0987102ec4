-- The data dictionary of raw_audit_events: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table raw_audit_events is 'Landing zone for the tenant''s audit log: one row per event exactly as GET /audit-events sent it.';
comment on column raw_audit_events.event_id is 'Event id, e.g. ae-Ab1cDeFgHi (primary key).';
comment on column raw_audit_events.tenant is 'Tenant the event was fetched for.';
comment on column raw_audit_events.happened_at is 'When the event happened (UTC).';
comment on column raw_audit_events.event_type is 'Event type as sent, e.g. :amperity.credential/updated.';
comment on column raw_audit_events.fetched_at is 'When the event was received.';
comment on column raw_audit_events.payload is 'The event as received (JSON); email and origin IP as digests when hashing is on.';
