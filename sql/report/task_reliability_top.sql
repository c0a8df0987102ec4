-- The kinds of task that fail most in scope.
select task_definition_type, execution_type, task_runs, failed, failure_rate, timeouts_exceeded,
    p95_runtime_ms
from v_task_reliability
where failed > 0 or timeouts_exceeded > 0
order by failed desc, failure_rate desc nulls last, task_definition_type, execution_type
limit 10;
