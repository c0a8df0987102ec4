-- Alert: a workflow slower than its own baseline (v_runtime_regression.is_regression), at
-- most once per workflow and ISO week of $now.
select
    'runtime_regression|' || tenant || '|' || workflow_name || '|'
        || strftime(cast($now as timestamptz), '%G-W%V') as alert_key,
    'runtime_regression' as kind,
    tenant,
    '"' || workflow_name || '" in ' || tenant || ' runs ' || printf('%.1f', slowdown_ratio)
        || 'x slower than its baseline' as title,
    'Median of the last 3 days: ' || cast(round(recent_p50_ms / 60000, 1) as varchar)
        || ' min over ' || recent_runs || ' runs; baseline median '
        || cast(round(baseline_p50_ms / 60000, 1) as varchar) || ' min over ' || baseline_runs
        || ' runs (p90 ' || cast(round(baseline_p90_ms / 60000, 1) as varchar) || ' min).'
        as detail,
    cast($now as timestamptz) as occurred_at
from v_runtime_regression
where is_regression;
