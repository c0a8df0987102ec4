-- Which kind of task broke first in failed runs ('(no failed task)': the run failed on its own).
select
    coalesce(task_definition_type, '(no failed task)') as task_definition_type,
    cast(count(*) as bigint) as failed_runs,
    cast(count(*) filter (where task_error_attribution = 'customer') as bigint) as customer,
    cast(count(*) filter (where task_error_attribution = 'platform') as bigint) as platform
from v_failed_task_root_cause
group by all
order by failed_runs desc, task_definition_type
limit 10;
