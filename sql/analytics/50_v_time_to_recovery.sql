-- Question: after a named workflow fails, how long until it works again?
-- Grain: one row per failed run that has a name. The recovery is the next succeeded run of the
-- same tenant and name created after the failed run (ASOF join: the first such by created_at).
-- time_to_recovery_ms runs from the failure's ended_at (when the team could know) to the
-- recovery's ended_at (when data flowed again); a recovery that overlapped and ended first
-- counts as 0. NULL recovery columns: not recovered (yet) in the data loaded.
create or replace view v_time_to_recovery as
with failed_runs as (
    select id, tenant, name, type, created_at, ended_at, error_attribution, error_type
    from workflow_runs
    where state = 'failed' and name is not null and created_at is not null
),
succeeded_runs as (
    select id, tenant, name, created_at, ended_at
    from workflow_runs
    where state = 'succeeded' and name is not null and created_at is not null
)
select
    f.tenant,
    f.name as workflow_name,
    f.type as workflow_type,
    f.id as failed_run_id,
    f.created_at as failed_created_at,
    f.ended_at as failed_ended_at,
    coalesce(f.error_attribution, 'unattributed') as attribution,
    f.error_type,
    s.id as recovery_run_id,
    s.created_at as recovery_created_at,
    s.ended_at as recovery_ended_at,
    s.id is not null as is_recovered,
    -- greatest() skips NULLs, so the case keeps an unrecovered failure's time NULL, not 0
    case
        when s.ended_at is not null and f.ended_at is not null
            then cast(greatest(epoch_ms(s.ended_at) - epoch_ms(f.ended_at), 0) as bigint)
    end as time_to_recovery_ms
from failed_runs as f
asof left join succeeded_runs as s
    on s.tenant = f.tenant and s.name = f.name and s.created_at > f.created_at;
