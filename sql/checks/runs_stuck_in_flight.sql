-- Runs still not terminal long after they were created: candidates for the runaway guard.
select
    count(*) as failures,
    list(id || ' (' || name || ', ' || state || ' since ' || strftime(created_at, '%Y-%m-%d %H:%M') || ')'
         order by created_at)[1:10] as sample
from workflow_runs
where not is_terminal
  and created_at < now() - to_milliseconds(cast($stuck_after_hours * 3600000 as bigint));
