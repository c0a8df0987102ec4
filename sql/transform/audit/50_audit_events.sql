-- audit_events: the events of raw_audit_events named in audit_model_ids (this batch's, or
-- every event for a rebuild), flattened. Replaces the modelled row, so a rebuild after a change
-- to this file or to the macros of sql/schema/103_audit_event_kinds.sql needs no refetch.
insert or replace into audit_events
with source_events as (
    select r.*
    from raw_audit_events as r
    where r.event_id in (select event_id from audit_model_ids)
),
-- Each payload is read once for all its fields (the same text as `payload ->> '$.field'`):
-- DuckDB holds working memory per JSON function in a query, and ten of them over a batch
-- took more than 256 MB where one takes a few.
fields as (
    select
        *,
        json_extract_string(payload, [
            '$.tenant', '$.tenant_family', '$.principal_id', '$.principal_name',
            '$.principal_email', '$.object_id', '$.object_name', '$.origin_ip',
            '$.user_agent', '$.session_id'
        ]) as f
    from source_events
),
flat as (
    select
        event_id,
        tenant,
        f[1]                            as event_tenant,
        f[2]                            as tenant_family,
        happened_at,
        event_type,
        audit_object_kind(event_type)   as object_kind,
        audit_action(event_type)        as action,
        f[3]                            as principal_id,
        f[4]                            as principal_name,
        f[5]                            as principal_email,
        f[6]                            as object_id,
        f[7]                            as object_name,
        f[8]                            as origin_ip,
        f[9]                            as user_agent,
        f[10]                           as session_id,
        fetched_at
    from fields
)
select
    event_id,
    tenant,
    event_tenant,
    tenant_family,
    event_tenant is distinct from coalesce(tenant_family, event_tenant) as is_sandbox,
    happened_at,
    event_type,
    object_kind,
    action,
    audit_is_config_change(event_type) as is_config_change,
    coalesce(object_kind = 'workflow' and action in ('cancel', 'stop'), false) as is_workflow_stop,
    principal_id,
    principal_name,
    principal_email,
    coalesce(principal_id like 'api-key%' or principal_id like 'apikey%', false) as is_api_key,
    object_id,
    object_name,
    case when object_kind = 'workflow' and object_id like 'wf-%' then object_id end as workflow_id,
    origin_ip,
    user_agent,
    session_id,
    fetched_at
from flat;
