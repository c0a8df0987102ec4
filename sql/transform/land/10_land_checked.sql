-- land_checked: one batch of fetched records, each parsed once and judged loadable or not.
-- Input: land_incoming, a relation registered by wf_etl.warehouse.land (one row per record:
-- seq, line_no, tenant, default_tenant, fetched_at, body, run_id, source, error, read_error).
-- Output: the record's id, created_at and canonical state for raw_workflow_runs, and a
-- `reason` that is NULL for a good record and otherwise names the run, the field and the
-- value. Validation is per record, so one bad record never fails the batch.
-- Only the first problem found is reported; the checks run in the order below.
-- The parsed structure `f` and its tasks' instants `task_ts` are kept for the model, so each
-- record is parsed once and each timestamp read once. The body is
-- not copied here: the writes read it from land_incoming by seq, which costs less than a copy.
create or replace temp table land_checked as
with incoming as (
    select
        cast(seq as bigint)              as seq,
        cast(line_no as bigint)          as line_no,
        cast(tenant as varchar)          as given_tenant,
        cast(default_tenant as varchar)  as default_tenant,
        cast(fetched_at as timestamptz)  as fetched_at,
        cast(body as varchar)            as body,
        cast(run_id as varchar)          as run_id,
        cast(source as varchar)          as source,
        cast(error as varchar)           as fetch_error,
        cast(read_error as varchar)      as read_error
    from land_incoming
),

parsed as (
    -- One parse of the body, into the structure the model needs too (parse_run_record, created
    -- before this file runs), so the model flattens `f` without parsing the text again. try()
    -- turns text that is not JSON into a NULL struct; a body that is valid JSON but not an
    -- object parses to a struct of NULLs (told apart below).
    select
        *,
        try(parse_run_record(body)) as f
    from incoming
),

timed as (
    -- the tasks' timestamps as instants, once: judged here, stored by the model (task_times)
    select
        *,
        task_times(f.task_instances) as task_ts
    from parsed
),

fields as (
    select
        *,
        -- a failed fetch is filed under the id asked for, whatever id its body names
        case when json_type(f.id) = 'VARCHAR' and fetch_error is null
            then f.id ->> '$' end                                     as record_id,
        parse_utc_timestamp(f.created_at)                             as created_ts,
        parse_utc_timestamp(f.ended_at)                               as ended_ts,
        -- task_instances parses to NULL when missing, null, or not an array: look closer only then
        case when f.task_instances is null and f is not null
            then json_type(body, '$.task_instances') end              as tasks_json_type,
        list_position(
            list_transform(f.task_instances, lambda t: t is null or coalesce(t.id, '') = ''),
            true
        )                                                             as bad_task_pos,
        list_position(
            list_transform(
                f.task_instances,
                lambda t: t.timeout_ms is not null and as_bigint(t.timeout_ms) is null
            ),
            true
        )                                                             as bad_timeout_pos,
        coalesce(given_tenant, f.tenant, default_tenant)              as resolved_tenant,
        -- the same rule as a sync's tenant (amperity/validation.py): a DNS label, since the
        -- tenant names files and directories downstream (lake paths)
        regexp_full_match(
            coalesce(given_tenant, f.tenant, default_tenant), '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
        )                                                             as tenant_ok,
        -- the first task with a timestamp that is not an ISO 8601 instant (told which below):
        -- text present, instant missing
        list_position(
            list_transform(f.task_instances, lambda t, i:
                task_ts[i].created_at is null and t.created_at is not null
                or task_ts[i].ended_at is null and t.ended_at is not null
                or task_ts[i].state_changed_at is null and t.state_changed_at is not null),
            true
        )                                                             as bad_task_ts_pos
    from timed
),

judged as (
    select
        *,
        concat_ws(', ', 'line ' || line_no, 'run ' || coalesce(record_id, run_id, '(no id)'))
            as label,
        case
            when read_error is not null
                then read_error
            when fetch_error is not null
                then 'fetch failed: ' || fetch_error
            when body is null
                then 'no body received'
            when f is null
                then 'body is not valid JSON: ''' || left(body, 80)
                    || case when length(body) > 80 then '...' else '' end || ''''
            when f.id is null and json_type(body) <> 'OBJECT'
                then 'body is a JSON ' || json_type(body) || ', not an object'
            when f.id is null
                then 'id is missing'
            when record_id is null
                then 'id ' || f.id || ' is not a string'
            when record_id = ''
                then 'id is empty'
            when run_id is not null and record_id <> run_id
                then 'id ''' || record_id || ''' differs from the requested run id ''' || run_id || ''''
            when f.created_at is null
                then 'created_at is missing'
            when created_ts is null
                then 'created_at ''' || f.created_at || ''' is not a timestamp'
            when f.ended_at is not null and ended_ts is null
                then 'ended_at ''' || f.ended_at || ''' is not a timestamp'
            when coalesce(trim(f.state), '') = ''
                then 'state is missing'
            when tasks_json_type is not null and tasks_json_type <> 'NULL'
                then 'task_instances is a JSON ' || tasks_json_type || ', not an array'
            when bad_task_pos is not null
                then 'task_instances[' || (bad_task_pos - 1) || '] '
                    || case
                        when json_type(body, '$.task_instances[' || (bad_task_pos - 1) || ']')
                            = 'OBJECT'
                            then 'has no id'
                        else 'is not an object: '
                            || left(json_extract(body, '$.task_instances[' || (bad_task_pos - 1) || ']')::varchar, 80)
                    end
            when f.warn_after_ms is not null and as_bigint(f.warn_after_ms) is null
                then 'warn_after_ms ''' || f.warn_after_ms || ''' is not an integer'
            when bad_timeout_pos is not null
                then 'task ' || f.task_instances[bad_timeout_pos].id || ' timeout_ms '''
                    || f.task_instances[bad_timeout_pos].timeout_ms || ''' is not an integer'
            when f.state_changed_at is not null and parse_utc_timestamp(f.state_changed_at) is null
                then 'state_changed_at ''' || f.state_changed_at || ''' is not a timestamp'
            when bad_task_ts_pos is not null
                then 'task ' || f.task_instances[bad_task_ts_pos].id || ' ' || case
                    when task_ts[bad_task_ts_pos].created_at is null
                        and f.task_instances[bad_task_ts_pos].created_at is not null
                        then 'created_at ''' || f.task_instances[bad_task_ts_pos].created_at
                    when task_ts[bad_task_ts_pos].ended_at is null
                        and f.task_instances[bad_task_ts_pos].ended_at is not null
                        then 'ended_at ''' || f.task_instances[bad_task_ts_pos].ended_at
                    else 'state_changed_at '''
                        || f.task_instances[bad_task_ts_pos].state_changed_at
                end || ''' is not a timestamp'
            when resolved_tenant is null
                then 'tenant is missing (not in the record and none given)'
            when not tenant_ok
                then 'tenant ' || to_json(resolved_tenant)
                    || ' is not a DNS label (1-63 lowercase letters, digits or hyphens)'
        end as problem
    from fields
)

select
    seq,
    line_no,
    -- a tenant that is not a DNS label is never stored, even in a rejection
    case when tenant_ok then resolved_tenant else coalesce(default_tenant, 'unknown') end
                                                as tenant,
    fetched_at,
    source,
    coalesce(record_id, run_id)                 as workflow_id,
    created_ts                                  as created_at,
    canonical_state(f.state)                    as state,
    is_terminal_state(f.state)                  as is_terminal,
    case when problem is not null then label || ': ' || problem end as reason,
    f,
    task_ts
from judged;
