-- audit_events: the events of raw_audit_events named in audit_model_ids (this batch's, or
-- every event for a rebuild), flattened. Replaces the modelled row, so a rebuild after a change
-- to this file or to the macros of sql/schema/103_audit_event_kinds.sql needs no refetch.
insert or replace into audit_events
with source_events as (
    select r.*
    from raw_audit_events as r
    where r.event_id in (select event_id from audit_model_ids)
),
flat as (
    select
        event_id,
        tenant,
        payload ->> '$.tenant'          as event_tenant,
        payload ->> '$.tenant_family'   as tenant_family,
        happened_at,
        event_type,
        audit_object_kind(event_type)   as object_kind,
        audit_action(event_type)        as action,
        payload ->> '$.principal_id'    as principal_id,
        payload ->> '$.principal_name'  as principal_name,
        payload ->> '$.principal_email' as principal_email,
        payload ->> '$.object_id'       as object_id,
        payload ->> '$.object_name'     as object_name,
        payload ->> '$.origin_ip'       as origin_ip,
        payload ->> '$.user_agent'      as user_agent,
        payload ->> '$.session_id'      as session_id,
        fetched_at
    from source_events
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
