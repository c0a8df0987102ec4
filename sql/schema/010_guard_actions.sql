-- The runaway guard's audit trail: one row per decision about a run over its limit, and per
-- manual `wf-etl stop`. Append-only; nothing updates or deletes rows.
create table if not exists guard_actions (
    decided_at   timestamptz not null,  -- when the guard decided (UTC)
    batch_id     varchar     not null,  -- one evaluation (sensor tick or CLI call)
    source       varchar     not null,  -- 'sensor' | 'cli-guard' | 'cli-stop'
    tenant       varchar     not null,
    run_id       varchar     not null,
    name         varchar,               -- workflow name
    type         varchar,               -- workflow type
    state        varchar,               -- canonical state last seen before acting
    rule         varchar,               -- policy rule name; 'manual' for wf-etl stop
    runtime_ms   bigint,                -- runtime so far: decided_at - created_at
    limit_ms     bigint,                -- the limit it was held to (NULL for manual stops)
    limit_basis  varchar,               -- e.g. '3x p95 (p95 37m over 104 runs)'
    action       varchar     not null,  -- the rule's action: 'flag' | 'stop'
    dry_run      boolean     not null,  -- true when no stop request could be sent
    outcome      varchar     not null,  -- flagged | would_stop | stopped | already_ended |
                                        -- already_stopping | already_stopped_by_guard |
                                        -- not_found | error
    detail       varchar,               -- why, in words (never a secret)
    api_status   integer,               -- HTTP status of the deciding API answer, if any
    request_id   varchar                -- the API's request id of that answer, if any
);
