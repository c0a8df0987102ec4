-- Question: who stopped each canceled or stopped run: a user, the runaway guard, another API
-- client, or nobody we know of (the platform)?
-- Grain: one row per run whose state is canceled, cancelled or stopped.
-- stopped_by: 'guard' when guard_actions recorded a stop of the run; else 'user' when the
-- audit log has a stop (workflow/cancel) of the run by a person; 'api' when by an API key;
-- else 'platform' (no stop request is known, so Amperity ended it).
create or replace view v_stopped_runs as
with stopped as (
    select id, tenant, name, type, state, created_at, ended_at
    from workflow_runs
    where state in ('canceled', 'cancelled', 'stopped')
),
guard_stops as (
    select tenant, run_id, min(decided_at) as decided_at, arg_min(rule, decided_at) as rule
    from guard_actions
    where outcome = 'stopped'
    group by tenant, run_id
),
stop_events as (
    select tenant, workflow_id,
        arg_min(event_id, happened_at) as event_id,
        min(happened_at) as happened_at,
        arg_min(principal_name, happened_at) as principal_name,
        arg_min(is_api_key, happened_at) as is_api_key
    from audit_events
    where is_workflow_stop and workflow_id is not null
    group by tenant, workflow_id
)
select
    s.id as workflow_id,
    s.tenant,
    s.name as workflow_name,
    s.type as workflow_type,
    s.state,
    s.created_at,
    s.ended_at,
    case
        when g.run_id is not null then 'guard'
        when e.event_id is not null and not coalesce(e.is_api_key, false) then 'user'
        when e.event_id is not null then 'api'
        else 'platform'
    end as stopped_by,
    coalesce(g.decided_at, e.happened_at) as stop_requested_at,
    case
        when g.run_id is not null then 'runaway guard, rule ' || coalesce(g.rule, '?')
        else e.principal_name
    end as stop_requested_by,
    e.event_id as stop_event_id
from stopped as s
left join guard_stops as g on g.tenant = s.tenant and g.run_id = s.id
left join stop_events as e on e.tenant = s.tenant and e.workflow_id = s.id;
