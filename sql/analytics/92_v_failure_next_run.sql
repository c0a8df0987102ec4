-- Question: for each failed run, did the very next run of the same workflow succeed, and did
-- any configuration change happen in between? (A failure a plain rerun fixed is flaky.)
-- Grain: one row per failed named run. The next run is the next succeeded or failed run of
-- the same tenant and name by created_at (canceled, stopped and skipped runs are passed
-- over: they say nothing about whether the workflow works). is_flaky: the next run succeeded
-- and no configuration change (audit_events.is_config_change, sandboxes excluded) happened
-- in the tenant from the failed run's start to the next run's start.
create or replace view v_failure_next_run as
with decided as (
    select
        id, tenant, name, type, state, created_at, ended_at, error_attribution, error_type,
        lead(id) over w as next_run_id,
        lead(state) over w as next_state,
        lead(created_at) over w as next_created_at
    from workflow_runs
    where state in ('succeeded', 'failed') and name is not null and created_at is not null
    window w as (partition by tenant, name order by created_at, id)
),
failed as (
    select * from decided where state = 'failed'
),
changed as (
    select f.id, count(a.event_id) as changes_between
    from failed as f
    join audit_events as a
        on a.tenant = f.tenant
        and a.is_config_change
        and not coalesce(a.is_sandbox, false)
        and a.happened_at >= f.created_at
        and a.happened_at < f.next_created_at
    group by f.id
)
select
    f.id as workflow_id,
    f.tenant,
    f.name as workflow_name,
    f.type as workflow_type,
    f.created_at,
    f.ended_at,
    coalesce(f.error_attribution, 'unattributed') as attribution,
    f.error_type,
    f.next_run_id,
    f.next_state,
    f.next_created_at,
    cast(coalesce(c.changes_between, 0) as integer) as changes_between,
    coalesce(f.next_state = 'succeeded' and coalesce(c.changes_between, 0) = 0, false) as is_flaky
from failed as f
left join changed as c on c.id = f.id;
