-- audit_checked: one batch of fetched audit events, each parsed once and judged loadable.
-- Input: audit_incoming, registered by wf_etl.warehouse.audit_land (seq, tenant, fetched_at,
-- body, source). Output: the event's id, time and type for raw_audit_events, and a `reason`
-- that is NULL for a good event and otherwise names the event, the field and the value.
-- The first problem found is reported, in the order below; one bad event never fails a batch.
create or replace temp table audit_checked as
with incoming as (
    select
        cast(seq as bigint)             as seq,
        cast(tenant as varchar)         as tenant,
        cast(fetched_at as timestamptz) as fetched_at,
        cast(body as varchar)           as body,
        cast(source as varchar)         as source
    from audit_incoming
),
parsed as (
    select
        *,
        try(from_json(body, '{"event_id": "JSON", "happened_at": "VARCHAR",
                              "event_type": "VARCHAR"}')) as f
    from incoming
),
fields as (
    select
        *,
        case when json_type(f.event_id) = 'VARCHAR' then f.event_id ->> '$' end as event_id,
        parse_utc_timestamp(f.happened_at) as happened_ts
    from parsed
),
judged as (
    select
        *,
        case
            when body is null then 'no body received'
            when f is null
                then 'body is not valid JSON: ''' || left(body, 80)
                    || case when length(body) > 80 then '...' else '' end || ''''
            when f.event_id is null and json_type(body) <> 'OBJECT'
                then 'body is a JSON ' || json_type(body) || ', not an object'
            when f.event_id is null then 'event_id is missing'
            when event_id is null then 'event_id ' || f.event_id || ' is not a string'
            when event_id = '' then 'event_id is empty'
            when f.happened_at is null then 'happened_at is missing'
            when happened_ts is null
                then 'happened_at ''' || f.happened_at || ''' is not a timestamp'
            when coalesce(trim(f.event_type), '') = '' then 'event_type is missing'
        end as problem
    from fields
)
select
    seq,
    tenant,
    fetched_at,
    source,
    event_id,
    happened_ts as happened_at,
    f.event_type as event_type,
    case when problem is not null
        then 'audit event ' || coalesce(event_id, '(no id)') || ': ' || problem end as reason,
    body
from judged;
