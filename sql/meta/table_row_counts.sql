-- Row counts of the contract's tables, recorded as Dagster metadata after every sync.
select 'raw_workflow_runs' as table_name, count(*) as row_count from raw_workflow_runs
union all select 'workflow_runs', count(*) from workflow_runs
union all select 'task_instances', count(*) from task_instances
union all select 'workflow_errors', count(*) from workflow_errors
union all select 'rejected_records', count(*) from rejected_records;
