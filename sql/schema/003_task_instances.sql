-- One row per task instance of a run, in the order the API listed them.
create table if not exists task_instances (
    id                   varchar not null,
    workflow_id          varchar not null,  -- workflow_runs.id
    tenant               varchar not null,
    ordinal              integer,           -- 1-based position in the run's task list
    label                varchar,
    state                varchar,
    state_raw            varchar,
    is_terminal          boolean,
    execution_type       varchar,
    task_definition_id   varchar,
    task_definition_type varchar,
    run_id               varchar,
    created_at           timestamptz,
    ended_at             timestamptz,
    state_changed_at     timestamptz,
    runtime_ms           bigint,
    timeout_ms           bigint,
    exceeded_timeout     boolean,
    error_attribution    varchar,
    error_type           varchar,
    error_message        varchar
);
