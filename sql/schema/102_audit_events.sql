-- One row per audit event, flattened from raw_audit_events by sql/transform/audit, with the
-- event type split into what it acted on and how, and whether it changed configuration.
create table if not exists audit_events (
    event_id         varchar     not null primary key,
    tenant           varchar     not null,  -- the tenant it was fetched for (production)
    event_tenant     varchar,               -- the tenant the event names (may be a sandbox)
    tenant_family    varchar,
    is_sandbox       boolean,               -- event_tenant <> tenant_family
    happened_at      timestamptz not null,
    event_type       varchar,               -- as sent, e.g. :amperity.plugin.destination/updated
    object_kind      varchar,               -- e.g. destination, credential, courier, workflow
    action           varchar,               -- e.g. created, updated, deleted, cancel
    is_config_change boolean     not null,  -- see audit_is_config_change()
    is_workflow_stop boolean     not null,  -- a stop (workflow/cancel) of one run
    principal_id     varchar,
    principal_name   varchar,
    principal_email  varchar,               -- a digest when WF_ETL_HASH_PRINCIPAL_EMAILS is on
    is_api_key       boolean,               -- the principal is an API key, not a person
    object_id        varchar,
    object_name      varchar,
    workflow_id      varchar,               -- the run, for events on one run (a stop)
    origin_ip        varchar,               -- a digest when WF_ETL_HASH_PRINCIPAL_EMAILS is on
    user_agent       varchar,
    session_id       varchar,
    fetched_at       timestamptz not null
);
