-- Question: which kinds of task fail most often, time out, or run slowest?
-- Grain: one row per task_definition_type and execution_type (over all tenants).
-- failure_rate is over finished (terminal) tasks; p95 over tasks with a runtime.
create or replace view v_task_reliability as
select
    task_definition_type,
    execution_type,
    cast(count(*) as bigint) as task_runs,
    cast(count(*) filter (where coalesce(is_terminal, false)) as bigint) as terminal_tasks,
    cast(count(*) filter (where state = 'failed') as bigint) as failed,
    cast(count(*) filter (where state = 'failed') as double)
        / nullif(count(*) filter (where coalesce(is_terminal, false)), 0) as failure_rate,
    cast(count(*) filter (where coalesce(exceeded_timeout, false)) as bigint) as timeouts_exceeded,
    cast(quantile_cont(runtime_ms, 0.95) as double) as p95_runtime_ms
from task_instances
group by task_definition_type, execution_type;
