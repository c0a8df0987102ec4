-- Alert: a workflow whose last $streak (or more) succeeded-or-failed runs all failed, the
-- latest in the lookback. Once per streak: the key names the streak's first failed run.
select
    'failing_streak|' || tenant || '|' || workflow_name || '|' || streak_first_run_id as alert_key,
    'failing_streak' as kind,
    tenant,
    '"' || workflow_name || '" in ' || tenant || ' failed ' || current_streak
        || ' times in a row' as title,
    'Failing since ' || strftime(streak_started_at, '%Y-%m-%d %H:%M UTC') || '; latest run '
        || last_failed_run_id || ' (' || last_attribution || ', '
        || coalesce(last_error_type, 'no error type') || ').' as detail,
    last_failed_at as occurred_at
from v_failure_streaks
where current_streak >= cast($streak as bigint)
  and last_failed_at > cast($now as timestamptz) - to_hours(cast($lookback_hours as bigint))
  and last_failed_at <= cast($now as timestamptz);
