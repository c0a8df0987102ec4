-- Flaky workflows (a failure the next run fixed with nothing changed), and the top score.
select
    count(*) filter (where flaky_failures > 0) as flaky_workflows,
    max(flakiness_score) as top_flakiness_score
from v_flaky_workflows;
