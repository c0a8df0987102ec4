-- Question: for each failed run, which task broke first, and what did its error say?
-- Grain: one row per failed run. The first failed task is the one whose failure came first:
-- by its ended_at (or state_changed_at), then created_at, then its position in the run.
-- A failed run with no failed task (the run itself failed) keeps NULL task columns.
create or replace view v_failed_task_root_cause as
with failed_runs as (
    select id, tenant, name, type, created_at, ended_at, error_attribution, error_type
    from workflow_runs
    where state = 'failed'
),
failed_tasks_in_order as (
    select
        workflow_id,
        id as task_instance_id,
        ordinal,
        label,
        task_definition_type,
        execution_type,
        coalesce(ended_at, state_changed_at) as failed_at,
        error_attribution,
        error_type,
        error_message,
        cast(count(*) over (partition by workflow_id) as integer) as failed_tasks,
        row_number() over (
            partition by workflow_id
            order by coalesce(ended_at, state_changed_at) nulls last, created_at nulls last,
                ordinal nulls last, id
        ) as failure_order
    from task_instances
    where state = 'failed'
),
first_failed_task as (
    select * from failed_tasks_in_order where failure_order = 1
)
select
    r.id as workflow_id,
    r.tenant,
    r.name as workflow_name,
    r.type as workflow_type,
    r.created_at,
    r.ended_at,
    r.error_attribution as run_error_attribution,
    r.error_type as run_error_type,
    coalesce(t.failed_tasks, 0) as failed_tasks,
    t.task_instance_id,
    t.ordinal as task_ordinal,
    t.label as task_label,
    t.task_definition_type,
    t.execution_type,
    t.failed_at as task_failed_at,
    t.error_attribution as task_error_attribution,
    t.error_type as task_error_type,
    t.error_message as task_error_message
from failed_runs as r
left join first_failed_task as t on t.workflow_id = r.id;
