-- Question: which error messages keep coming back, once object names, ids and numbers are
-- ignored ("invalid state: loyalty_members." and "invalid state: orders." are one family)?
-- Grain: one row per attribution and message family, over the run-level errors of failed runs.
create or replace view v_error_message_families as
with failed_run_errors as (
    select
        id as workflow_id,
        name,
        coalesce(error_attribution, 'unattributed') as attribution,
        error_type,
        error_message,
        error_message_family(error_message) as message_family,
        coalesce(ended_at, created_at) as failed_at
    from workflow_runs
    where state = 'failed' and error_message is not null
)
select
    attribution,
    message_family,
    cast(count(distinct workflow_id) as bigint) as failures,
    cast(count(distinct name) as bigint) as workflows_affected,
    cast(count(distinct error_message) as bigint) as distinct_messages,
    string_agg(distinct error_type, ', ' order by error_type) as error_types,
    min(failed_at) as first_seen,
    max(failed_at) as last_seen,
    arg_max(error_message, failed_at) as example_message
from failed_run_errors
group by attribution, message_family;
