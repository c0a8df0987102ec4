-- The data dictionary of audit_events: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on table audit_events is 'One row per audit event: who changed or stopped what, and whether it changed configuration.';
comment on column audit_events.event_id is 'Event id (primary key).';
comment on column audit_events.tenant is 'Tenant the event was fetched for (the production tenant).';
comment on column audit_events.event_tenant is 'Tenant the event names; a sandbox id for sandbox events.';
comment on column audit_events.tenant_family is 'Production tenant of the tenant the event names.';
comment on column audit_events.is_sandbox is 'True for an event in a sandbox (excluded from change attribution).';
comment on column audit_events.happened_at is 'When the event happened (UTC).';
comment on column audit_events.event_type is 'Event type as sent, e.g. :amperity.plugin.destination/updated.';
comment on column audit_events.object_kind is 'What the event acted on: destination, credential, courier, database, workflow, ...';
comment on column audit_events.action is 'What was done: created, updated, deleted, cancel, run, ...';
comment on column audit_events.is_config_change is 'True when it changed configuration a workflow depends on (see audit_is_config_change).';
comment on column audit_events.is_workflow_stop is 'True for a stop of one workflow run (workflow/cancel).';
comment on column audit_events.principal_id is 'Who acted: a person (google-apps|...) or an API key (api-key|...).';
comment on column audit_events.principal_name is 'Display name of who acted.';
comment on column audit_events.principal_email is 'Email of who acted; a sha256: digest when WF_ETL_HASH_PRINCIPAL_EMAILS is on.';
comment on column audit_events.is_api_key is 'True when an API key, not a person, acted.';
comment on column audit_events.object_id is 'Id of the object acted on (a run id for stops).';
comment on column audit_events.object_name is 'Readable name of the object acted on.';
comment on column audit_events.workflow_id is 'The run a stop concerns (workflow_runs.id); NULL for other events.';
comment on column audit_events.origin_ip is 'IP address the action came from; a sha256: digest when hashing is on.';
comment on column audit_events.user_agent is 'Client that made the change.';
comment on column audit_events.session_id is 'Session the action came from.';
comment on column audit_events.fetched_at is 'When the event was received.';
