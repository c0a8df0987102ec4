-- Question: which error types make runs fail, whose fault are they, how many workflows do
-- they touch, and since when?
-- Grain: one row per attribution ('customer' | 'platform' | 'unattributed') and error type of
-- the run-level error of failed runs. A failed run without an error object counts under
-- 'unattributed' with a NULL error_type, so failures add up to the failed runs.
create or replace view v_error_types as
with failed_run_errors as (
    select
        id as workflow_id,
        name,
        coalesce(error_attribution, 'unattributed') as attribution,
        error_type,
        nullif(split_part(error_type, '/', 1), '') as type_family,
        error_message,
        coalesce(ended_at, created_at) as failed_at
    from workflow_runs
    where state = 'failed'
)
select
    attribution,
    error_type,
    any_value(type_family) as type_family,
    cast(count(distinct workflow_id) as bigint) as failures,
    cast(count(distinct name) as bigint) as workflows_affected,
    min(failed_at) as first_seen,
    max(failed_at) as last_seen,
    arg_max(error_message, failed_at) as sample_message
from failed_run_errors
group by attribution, error_type;
