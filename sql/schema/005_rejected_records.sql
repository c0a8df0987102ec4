-- Everything that could not be loaded, with the reason and the text as received.
-- Nothing is dropped silently; a later good record for the same run resolves the rejection.
create sequence if not exists rejected_records_seq;
create table if not exists rejected_records (
    rejection_id bigint      not null default nextval('rejected_records_seq'),
    tenant       varchar     not null,
    workflow_id  varchar,               -- if it could be read
    fetched_at   timestamptz,
    rejected_at  timestamptz not null,
    source       varchar     not null,  -- 'api' or 'import:<file>'
    reason       varchar     not null,  -- names the field and the value
    payload      varchar,               -- the text as received
    resolved_at  timestamptz            -- set when a good record for the run lands later
);
