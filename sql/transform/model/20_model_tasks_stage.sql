-- model_tasks_stage: one row per task of the runs of model_source (parsed once), typed.
-- ordinal is the 1-based position in the run's task list. A task id listed twice (within a run
-- or across runs of the batch) keeps its first occurrence, ordered by run id then ordinal, so
-- task_instances never holds the same task twice. Duplicates are rare: the second statement
-- looks for them with a cheap count and rewrites nothing when there are none.
create or replace temp table model_tasks_stage as
with tasks as (
    -- unnest and generate_subscripts side by side pair each task with its 1-based position
    select
        id as workflow_id,
        tenant,
        unnest(rec.task_instances) as task,
        unnest(task_ts) as ts,  -- side by side with its task (task_times: the same list)
        generate_subscripts(rec.task_instances, 1) as ordinal
    from model_source
)

select
    task.id                                         as id,
    workflow_id,
    tenant,
    cast(ordinal as integer)                        as ordinal,
    task.label,
    canonical_state(task.state)                     as state,
    task.state                                      as state_raw,
    is_terminal_state(task.state)                   as is_terminal,
    task.execution_type,
    task.task_definition_id,
    task.task_definition_type,
    task.run_id,
    ts.created_at,
    ts.ended_at,
    ts.state_changed_at,
    as_bigint(task.timeout_ms)                      as timeout_ms,
    case when json_type(task.error) = 'OBJECT' then from_json(task.error, '{
        "attribution": "VARCHAR", "type": "VARCHAR", "message": "VARCHAR", "data": "JSON"
    }') end                                         as error
from tasks
where task.id is not null;

delete from model_tasks_stage as s
using (
    select
        id, workflow_id, ordinal,
        row_number() over (partition by id order by workflow_id, ordinal) as occurrence
    from model_tasks_stage
    where id in (select id from model_tasks_stage group by id having count(*) > 1)
) as d
where s.id = d.id
  and s.workflow_id = d.workflow_id
  and s.ordinal = d.ordinal
  and d.occurrence > 1;
