-- The decisions of one evaluation, for the sensor's materialisation and the CLI.
select decided_at, tenant, run_id, name, type, rule, runtime_ms, limit_ms, limit_basis,
       action, dry_run, outcome, detail, api_status, request_id
from guard_actions
where batch_id = $batch_id
order by tenant, run_id;
