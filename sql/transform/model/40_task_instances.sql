-- task_instances: one row per task of the runs in model_batch, replacing the model's rows for
-- those runs (and any row elsewhere holding one of their task ids, so a task id stays unique).
-- runtime_ms = ended_at - created_at (NULL while running or when negative);
-- exceeded_timeout = runtime_ms > timeout_ms (NULL when either is unknown).
-- Two deletes, not one with OR, each with the batch's id range spelled out: a filter DuckDB
-- prunes row groups by (ids start with the run's date, so a batch's rows sit together),
-- where `in (select ...)` alone, or an OR of the two, reads the whole table every batch.
delete from task_instances
where workflow_id between (select min(id) from model_batch) and (select max(id) from model_batch)
  and workflow_id in (select id from model_batch);
delete from task_instances
where id between (select min(id) from model_tasks_stage) and (select max(id) from model_tasks_stage)
  and id in (select id from model_tasks_stage);

insert into task_instances (
    id, workflow_id, tenant, ordinal, label, state, state_raw, is_terminal, execution_type,
    task_definition_id, task_definition_type, run_id, created_at, ended_at, state_changed_at,
    runtime_ms, timeout_ms, exceeded_timeout, error_attribution, error_type, error_message
)
with tasks as (
    select
        t.*,
        case when t.ended_at >= t.created_at
            then epoch_ms(t.ended_at) - epoch_ms(t.created_at) end as runtime_ms
    from model_tasks_stage as t
)

select
    id,
    workflow_id,
    tenant,
    ordinal,
    label,
    state,
    state_raw,
    is_terminal,
    execution_type,
    task_definition_id,
    task_definition_type,
    run_id,
    created_at,
    ended_at,
    state_changed_at,
    runtime_ms,
    timeout_ms,
    runtime_ms > timeout_ms                 as exceeded_timeout,
    lower(trim(error.attribution))          as error_attribution,
    error.type                              as error_type,
    error.message                           as error_message
from tasks;
