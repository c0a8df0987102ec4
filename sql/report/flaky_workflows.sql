-- The flakiest workflows: failures that the next run fixed with nothing changed.
select tenant, workflow_name, decided_runs, failures, flaky_failures, flakiness_score
from v_flaky_workflows
where flaky_failures > 0
order by flakiness_score desc, flaky_failures desc, tenant, workflow_name
limit 10;
