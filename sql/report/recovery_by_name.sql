-- Workflows slowest to recover, those still broken first.
select tenant, workflow_name, failures, recovered_failures, unrecovered_failures,
    median_time_to_recovery_ms, max_time_to_recovery_ms
from v_time_to_recovery_by_name
order by unrecovered_failures desc, median_time_to_recovery_ms desc nulls last, tenant,
    workflow_name
limit 10;
