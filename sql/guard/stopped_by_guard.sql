-- When the guard (or wf-etl stop) got a stop accepted for this run; no row means never.
-- The guard never sends a second stop for a run listed here.
select min(decided_at) as stopped_at
from guard_actions
where tenant = $tenant and run_id = $run_id and outcome = 'stopped'
having count(*) > 0;
