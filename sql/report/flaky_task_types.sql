-- The task types that fail most in flaky runs.
select task_definition_type, execution_type, terminal_tasks, flaky_task_failures,
    flakiness_score
from v_flaky_task_types
where flaky_task_failures > 0
order by flakiness_score desc, flaky_task_failures desc, task_definition_type
limit 10;
