-- Alert: a run the runaway guard flagged or stopped (guard_actions) in the lookback; once per
-- run, at its first decision.
select
    'runaway|' || tenant || '|' || run_id as alert_key,
    'runaway' as kind,
    tenant,
    'Runaway workflow in ' || tenant || ': "' || coalesce(arg_min(name, decided_at), run_id)
        || '" ' || arg_min(outcome, decided_at) as title,
    'Run ' || run_id || ' ran ' || cast(arg_min(runtime_ms, decided_at) // 60000 as varchar)
        || ' min against a limit of ' || coalesce(cast(arg_min(limit_ms, decided_at) // 60000 as varchar), '?')
        || ' min (' || coalesce(arg_min(limit_basis, decided_at), 'no basis') || '), rule '
        || coalesce(arg_min(rule, decided_at), '?') || '.' as detail,
    min(decided_at) as occurred_at
from guard_actions
where outcome in ('flagged', 'would_stop', 'stopped')
  and decided_at > cast($now as timestamptz) - to_hours(cast($lookback_hours as bigint))
  and decided_at <= cast($now as timestamptz)
group by tenant, run_id;
