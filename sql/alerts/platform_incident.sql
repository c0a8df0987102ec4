-- Alert: a platform incident (v_platform_incidents: platform failures of at least three
-- workflows, each within 30 minutes of the one before) that was still going in the lookback.
select
    'platform_incident|' || tenant || '|' || incident_id as alert_key,
    'platform_incident' as kind,
    tenant,
    'Platform incident in ' || tenant || ': ' || platform_failures || ' failures across '
        || workflows_affected || ' workflows' as title,
    'Platform-attributed failures from ' || strftime(started_at, '%Y-%m-%d %H:%M')
        || ' to ' || strftime(ended_at, '%H:%M UTC') || ' (' || error_types
        || '). Usually transient: rerun once Amperity reports the service healthy.' as detail,
    started_at as occurred_at
from v_platform_incidents
where is_incident
  and ended_at > cast($now as timestamptz) - to_hours(cast($lookback_hours as bigint))
  and started_at <= cast($now as timestamptz);
