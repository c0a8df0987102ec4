-- What planning counted: the distinct ids listed (temp table listed_runs) and the planned
-- runs of each reason (temp table planned_fetches, from planning_fetches.sql).
select
    (select count(distinct id) from listed_runs) as listed,
    count(*) filter (where reason = 'listed') as unsettled,
    count(*) filter (where reason = 'in_flight') as in_flight,
    count(*) filter (where reason = 'rejected') as rejected
from planned_fetches
