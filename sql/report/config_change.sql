-- Failure rate of runs whose configuration changed mid-run against the rest.
select config_changed, runs, terminal_runs, failed_runs, failure_rate
from v_config_change_impact
order by config_changed nulls last;
