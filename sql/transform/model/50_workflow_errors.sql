-- workflow_errors: one row per error object of the runs in model_batch, the run's own
-- (scope 'workflow', task_instance_id NULL) and each task's (scope 'task').
-- type_family is the type up to its '/' ('amperity.workflow.task.stitch/table' ->
-- 'amperity.workflow.task.stitch'; the whole type when it has no '/').
-- occurred_at is when the run or task ended, else its last state change, else its start.
-- data is the error's data as JSON, NULL when absent or null.
-- Two deletes, each with its id range spelled out, so only the row groups that can hold the
-- ids are read (see 40_task_instances.sql).
delete from workflow_errors
where workflow_id between (select min(id) from model_batch) and (select max(id) from model_batch)
  and workflow_id in (select id from model_batch);
delete from workflow_errors
where task_instance_id between (select min(id) from model_tasks_stage)
                           and (select max(id) from model_tasks_stage)
  and task_instance_id in (select id from model_tasks_stage);

insert into workflow_errors (
    workflow_id, task_instance_id, scope, tenant, attribution, type, type_family, message,
    data, occurred_at
)
with errors as (
    select
        id as workflow_id,
        cast(null as varchar) as task_instance_id,
        'workflow' as scope,
        tenant,
        error,
        coalesce(ended_at, state_changed_at, created_at) as occurred_at
    from model_runs_stage
    where error is not null

    union all

    select
        workflow_id,
        id,
        'task',
        tenant,
        error,
        coalesce(ended_at, state_changed_at, created_at)
    from model_tasks_stage
    where error is not null
)

select
    workflow_id,
    task_instance_id,
    scope,
    tenant,
    lower(trim(error.attribution))      as attribution,
    error.type                          as type,
    split_part(error.type, '/', 1)      as type_family,
    error.message                       as message,
    error.data                          as data,
    occurred_at
from errors;
