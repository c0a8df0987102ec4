-- The alerts' audit trail: one row per alert and destination, so an alert is sent once.
-- A row is written (status 'pending') before the first delivery attempt and updated after
-- each; a later evaluation retries what is not 'sent' and never re-sends what is.
create table if not exists alerts_sent (
    alert_key        varchar     not null,  -- what the alert is about, e.g. new_error_family|acme|...
    destination      varchar     not null,  -- 'slack' | 'webhook' (never the URL: it is a secret)
    kind             varchar     not null,  -- new_error_family | platform_incident |
                                            -- failing_streak | runaway | runtime_regression
    tenant           varchar,
    title            varchar     not null,
    detail           varchar,
    occurred_at      timestamptz,           -- when the thing alerted on happened
    first_seen_at    timestamptz not null,  -- the evaluation that first raised it
    status           varchar     not null,  -- pending | sent | failed (gave up) | deferred
    attempts         integer     not null default 0,
    last_attempt_at  timestamptz,
    sent_at          timestamptz,
    last_status_code integer,               -- HTTP status of the last attempt, if any
    last_error       varchar,               -- why the last attempt failed (never the URL)
    primary key (alert_key, destination)
);
