-- Workflows slower than their own baseline, regressions first, then the largest slowdowns.
select tenant, workflow_name, baseline_runs, baseline_p50_ms, recent_runs, recent_p50_ms,
    slowdown_ratio, is_regression
from v_runtime_regression
where recent_runs > 0 and slowdown_ratio >= 1.2
order by is_regression desc, slowdown_ratio desc, tenant, workflow_name
limit 10;
