-- Runs and tasks whose ended_at lies before created_at: the API's clock or data is off.
-- Their runtime_ms is NULL (never negative); this check names them so someone can look.
with backwards as (
    select 'run ' || id as item from workflow_runs where ended_at < created_at or runtime_ms < 0
    union all
    select 'task ' || id from task_instances where ended_at < created_at or runtime_ms < 0
)
select count(*) as failures, list(item order by item)[1:10] as sample from backwards;
