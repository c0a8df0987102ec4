-- Alert: an error family seen for the first time in the lookback window before $now.
-- Needs the analytics views, with the session variable as_of set to $now.
select
    'new_error_family|' || tenant || '|' || attribution || '|' || md5(error_family) as alert_key,
    'new_error_family' as kind,
    tenant,
    'New ' || attribution || ' error in ' || tenant || ': ' || left(error_family, 120) as title,
    'First seen ' || strftime(first_seen, '%Y-%m-%d %H:%M UTC') || ' in "' || first_workflow_name
        || '" (run ' || first_run_id || '); ' || failures || ' failure(s) since, across '
        || workflows_affected || ' workflow(s). Example: ' || left(example_message, 300)
        as detail,
    first_seen as occurred_at
from v_error_family_first_seen
where first_seen > cast($now as timestamptz) - to_hours(cast($lookback_hours as bigint))
  and first_seen <= cast($now as timestamptz);
