-- How an audit event type reads: ':amperity.plugin.destination/updated' acts on a
-- 'destination' (the last dotted word before the '/') and its action is 'updated'.
-- audit_is_config_change says whether the event changed configuration a workflow depends on:
-- an object a workflow reads, writes or authenticates with, created, changed or removed.
-- Activity that changes nothing (a query sampled, a manual orchestration run, a stop, a CSV
-- download) does not count. The lists are deliberately short; extend them here, nowhere else.
create or replace macro audit_object_kind(event_type) as
    nullif(
        split_part(split_part(ltrim(cast(event_type as varchar), ':'), '/', 1), '.', -1), ''
    );
create or replace macro audit_action(event_type) as
    nullif(split_part(cast(event_type as varchar), '/', -1), '');
create or replace macro audit_is_config_change(event_type) as
    coalesce(
        audit_object_kind(event_type) in (
            'credential', 'destination', 'courier', 'database', 'feed', 'api-key', 'policy',
            'query', 'segment', 'campaign', 'orchestration', 'group-mapping', 'resource-group'
        )
        and audit_action(event_type) in (
            'created', 'updated', 'deleted', 'cloned', 'activated', 'moved', 'attached',
            'attached-to', 'detached', 'detached-from', 'issue'
        ),
        false
    );
