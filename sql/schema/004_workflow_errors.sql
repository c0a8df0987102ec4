-- One row per error object: the run's own (scope 'workflow') and each task's (scope 'task').
create table if not exists workflow_errors (
    workflow_id      varchar not null,
    task_instance_id varchar,           -- NULL for the run's own error
    scope            varchar not null,  -- 'workflow' | 'task'
    tenant           varchar not null,
    attribution      varchar,           -- 'customer' | 'platform' | NULL
    type             varchar,
    type_family      varchar,           -- type up to its '/'
    message          varchar,
    data             json,
    occurred_at      timestamptz        -- ended_at of the run or task that failed
);
