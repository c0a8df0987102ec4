-- workflow_runs: one row per run of model_batch, replacing the rows the model held for them.
-- runtime_ms = ended_at - created_at, NULL while running and NULL when ended_at is before
--   created_at (ended_at is kept as sent; an asset check reports such runs).
-- exceeded_warn_after compares the final runtime (not the elapsed time of a running run).
-- is_automated: TRUE when principal_name is 'Automated workflow' (any case), the API's name for
--   scheduled runs; FALSE when the run names any other principal (name, id or email); NULL
--   when it names none, since then nobody can tell.
-- config_changed: launched_version <> current_version, NULL when either is missing.
-- task_count / failed_task_count count the task rows written to task_instances for the run.
-- the batch's id range spelled out, so only the row groups that can hold them are read
delete from workflow_runs
where id between (select min(id) from model_batch) and (select max(id) from model_batch)
  and id in (select id from model_batch);

insert into workflow_runs (
    id, tenant, name, type, state, state_raw, is_terminal, created_at, ended_at, runtime_ms,
    warn_after_ms, exceeded_warn_after, principal_id, principal_name, principal_email,
    is_automated, launched_version, current_version, config_changed, error_attribution,
    error_type, error_message, task_count, failed_task_count, fetched_at
)
with task_counts as (
    select
        workflow_id,
        count(*)                                  as task_count,
        count(*) filter (where state = 'failed')  as failed_task_count
    from model_tasks_stage
    group by workflow_id
),

runs as (
    select
        s.*,
        case when s.ended_at >= s.created_at
            then epoch_ms(s.ended_at) - epoch_ms(s.created_at) end as runtime_ms
    from model_runs_stage as s
)

select
    r.id,
    r.tenant,
    r.name,
    r.type,
    r.state,
    r.state_raw,
    r.is_terminal,
    r.created_at,
    r.ended_at,
    r.runtime_ms,
    r.warn_after_ms,
    r.runtime_ms > r.warn_after_ms                              as exceeded_warn_after,
    r.principal_id,
    r.principal_name,
    r.principal_email,
    case
        when lower(trim(r.principal_name)) = 'automated workflow' then true
        when coalesce(r.principal_name, r.principal_id, r.principal_email) is not null then false
    end                                                         as is_automated,
    r.launched_version,
    r.current_version,
    r.launched_version <> r.current_version                     as config_changed,
    lower(trim(r.error.attribution))                            as error_attribution,
    r.error.type                                                as error_type,
    r.error.message                                             as error_message,
    coalesce(c.task_count, 0)                                   as task_count,
    coalesce(c.failed_task_count, 0)                            as failed_task_count,
    r.fetched_at
from runs as r
left join task_counts as c on c.workflow_id = r.id;
