-- What changed before it broke: each recent failed run with the configuration change closest
-- before it (6-hour window), who made it, and how the workflow came back.
select workflow_id, tenant, workflow_name, created_at, attribution, changed_object_kind,
    changed_object_name, changed_by, minutes_before_run, changes_in_window, recovery_kind
from v_failure_after_change
where change_rank = 1
order by created_at desc, workflow_id
limit 10;
