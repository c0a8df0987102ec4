-- One row per workflow run, flattened from raw_workflow_runs.
create table if not exists workflow_runs (
    id                  varchar not null,
    tenant              varchar not null,
    name                varchar,
    type                varchar,
    state               varchar,     -- canonical: lower case, '_' for spaces and hyphens
    state_raw           varchar,     -- as the API sent it
    is_terminal         boolean,
    created_at          timestamptz,
    ended_at            timestamptz,
    runtime_ms          bigint,      -- ended_at - created_at; NULL while running or if negative
    warn_after_ms       bigint,
    exceeded_warn_after boolean,
    principal_id        varchar,
    principal_name      varchar,
    principal_email     varchar,
    is_automated        boolean,
    launched_version    varchar,
    current_version     varchar,
    config_changed      boolean,     -- launched_version <> current_version
    error_attribution   varchar,     -- 'customer' | 'platform' | NULL
    error_type          varchar,
    error_message       varchar,
    task_count          integer,
    failed_task_count   integer,
    fetched_at          timestamptz
);
