-- The data dictionary of alerts_sent: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table alerts_sent is 'Every alert raised, per destination, and whether and when it was sent (each alert is sent once).';
comment on column alerts_sent.alert_key is 'What the alert is about, e.g. failing_streak|acme|Nightly Stitch|wf-...; with destination, the key.';
comment on column alerts_sent.destination is 'Where it goes: slack or webhook (never the URL, which is a secret).';
comment on column alerts_sent.kind is 'new_error_family, platform_incident, failing_streak, runaway or runtime_regression.';
comment on column alerts_sent.tenant is 'Amperity tenant id the alert concerns.';
comment on column alerts_sent.title is 'One-line summary sent as the message title.';
comment on column alerts_sent.detail is 'The message body sent.';
comment on column alerts_sent.occurred_at is 'When the thing alerted on happened (UTC).';
comment on column alerts_sent.first_seen_at is 'The evaluation that first raised the alert.';
comment on column alerts_sent.status is 'pending (to send), deferred (over the hourly budget), sent, or failed (gave up).';
comment on column alerts_sent.attempts is 'Delivery attempts so far.';
comment on column alerts_sent.last_attempt_at is 'When delivery was last tried.';
comment on column alerts_sent.sent_at is 'When the alert was delivered; NULL until then.';
comment on column alerts_sent.last_status_code is 'HTTP status of the last attempt, if an answer came.';
comment on column alerts_sent.last_error is 'Why the last attempt failed, e.g. HTTP 503 (never the URL).';
