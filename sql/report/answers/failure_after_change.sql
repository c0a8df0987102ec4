-- Customer failures, and those with a configuration change in the hours before them; one
-- pass over the view (change_rank 1 is the closest change, NULL when there was none).
select
    count(*) filter (where change_rank = 1 and attribution = 'customer')
        as customer_failures_after_change,
    count(*) filter (where coalesce(change_rank, 1) = 1 and attribution = 'customer')
        as customer_failures
from v_failure_after_change;
