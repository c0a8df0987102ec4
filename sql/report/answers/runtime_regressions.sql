-- Workflows whose recent runs are slow against their own past.
select count(*) filter (where is_regression) as runtime_regressions
from v_runtime_regression;
