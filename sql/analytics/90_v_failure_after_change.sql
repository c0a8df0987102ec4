-- Question: what changed in the tenant shortly before each failed run (who changed which
-- object, how long before), and did the workflow come back after a further change (a fix) or
-- without one (transient)?
-- Grain: one row per failed named run and configuration change (audit_events where
-- is_config_change, sandboxes excluded) in its tenant in the 6 hours before the run was
-- created; a failed run with no such change keeps one row with NULL change columns.
-- change_rank 1 is the change closest to the run. recovery_kind: 'fixed_after_change' when at
-- least one configuration change happened between the failed run's start and the start of
-- the first success after it, 'transient' when the success came with no change between,
-- 'unrecovered' when no success is loaded yet.
create or replace view v_failure_after_change as
with failures as (
    select * from v_time_to_recovery
),
changes as (
    select event_id, tenant, happened_at, event_type, object_kind, object_id, object_name,
        principal_name, principal_email, is_api_key
    from audit_events
    where is_config_change and not coalesce(is_sandbox, false)
),
preceding as (
    select
        f.failed_run_id,
        c.*,
        row_number() over (partition by f.failed_run_id order by c.happened_at desc, c.event_id)
            as change_rank,
        count(*) over (partition by f.failed_run_id) as changes_in_window
    from failures as f
    join changes as c
        on c.tenant = f.tenant
        and c.happened_at < f.failed_created_at
        and c.happened_at >= f.failed_created_at - interval 6 hour
),
between_failure_and_recovery as (
    select
        f.failed_run_id,
        count(c.event_id) as changes_before_recovery,
        arg_min(c.event_id, c.happened_at) as fix_event_id,
        arg_min(c.event_type, c.happened_at) as fix_event_type,
        arg_min(c.object_name, c.happened_at) as fix_object_name,
        arg_min(c.principal_name, c.happened_at) as fixed_by,
        min(c.happened_at) as fix_happened_at
    from failures as f
    join changes as c
        on c.tenant = f.tenant
        and c.happened_at >= f.failed_created_at
        and c.happened_at < f.recovery_created_at
    group by f.failed_run_id
)
select
    f.failed_run_id as workflow_id,
    f.tenant,
    f.workflow_name,
    f.workflow_type,
    f.failed_created_at as created_at,
    f.failed_ended_at as ended_at,
    f.attribution,
    f.error_type,
    p.event_id as change_event_id,
    p.happened_at as change_happened_at,
    cast(date_diff('second', p.happened_at, f.failed_created_at) / 60.0 as double)
        as minutes_before_run,
    p.event_type as change_event_type,
    p.object_kind as changed_object_kind,
    p.object_id as changed_object_id,
    p.object_name as changed_object_name,
    p.principal_name as changed_by,
    p.principal_email as changed_by_email,
    coalesce(p.is_api_key, false) as changed_by_api_key,
    cast(p.change_rank as integer) as change_rank,
    cast(coalesce(p.changes_in_window, 0) as integer) as changes_in_window,
    f.recovery_run_id,
    f.recovery_created_at,
    cast(coalesce(b.changes_before_recovery, 0) as integer) as changes_before_recovery,
    b.fix_event_id,
    b.fix_event_type,
    b.fix_object_name,
    b.fixed_by,
    b.fix_happened_at,
    case
        when f.recovery_run_id is null then 'unrecovered'
        when coalesce(b.changes_before_recovery, 0) > 0 then 'fixed_after_change'
        else 'transient'
    end as recovery_kind
from failures as f
left join preceding as p on p.failed_run_id = f.failed_run_id
left join between_failure_and_recovery as b on b.failed_run_id = f.failed_run_id;
