-- The "what changed before it broke" summary: failures by attribution, how many had a
-- configuration change in the 6 hours before, and how they recovered.
select
    attribution,
    cast(count(*) as bigint) as failures,
    cast(count(*) filter (where changes_in_window > 0) as bigint) as after_change,
    cast(count(*) filter (where recovery_kind = 'fixed_after_change') as bigint)
        as fixed_after_change,
    cast(count(*) filter (where recovery_kind = 'transient') as bigint) as transient,
    cast(count(*) filter (where recovery_kind = 'unrecovered') as bigint) as unrecovered
from v_failure_after_change
where change_rank = 1 or change_rank is null
group by attribution
order by failures desc, attribution;
