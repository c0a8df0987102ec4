-- Question: which kinds of task fail in flaky runs, i.e. break and then pass on the next run
-- with nothing changed?
-- Grain: one row per task_definition_type and execution_type (all tenants), over finished
-- tasks. A flaky task failure is a failed task of a flaky failed run (v_failure_next_run).
-- flakiness_score = flaky_task_failures / terminal_tasks.
create or replace view v_flaky_task_types as
select
    t.task_definition_type,
    t.execution_type,
    cast(count(*) as bigint) as terminal_tasks,
    cast(count(*) filter (where t.state = 'failed') as bigint) as failed_tasks,
    cast(count(*) filter (where t.state = 'failed' and n.is_flaky) as bigint)
        as flaky_task_failures,
    cast(count(*) filter (where t.state = 'failed' and n.is_flaky) as double) / count(*)
        as flakiness_score
from task_instances as t
left join v_failure_next_run as n on n.workflow_id = t.workflow_id
where coalesce(t.is_terminal, false)
group by t.task_definition_type, t.execution_type;
