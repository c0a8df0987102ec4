-- Who stopped the canceled and stopped runs: users, the runaway guard, API clients, platform.
select stopped_by, cast(count(*) as bigint) as runs, max(ended_at) as last_stopped_at
from v_stopped_runs
group by stopped_by
order by runs desc, stopped_by;
