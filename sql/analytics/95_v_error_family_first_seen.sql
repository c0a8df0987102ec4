-- Question: when was each error family first and last seen, and which are new?
-- Grain: one row per tenant, attribution and error family of the run-level errors of failed
-- runs. The family is error_message_family(error_message), else the error type, else
-- '(no error)'. is_new: first seen in the 7 days before the session variable as_of
-- (analysis_as_of(), now() unless pinned), so a new way of breaking
-- stands out from the families the team already knows.
create or replace view v_error_family_first_seen as
with failed as (
    select
        id, tenant, name, created_at,
        coalesce(ended_at, created_at) as failed_at,
        coalesce(error_attribution, 'unattributed') as attribution,
        error_type,
        error_message,
        coalesce(error_message_family(error_message), error_type, '(no error)') as error_family
    from workflow_runs
    where state = 'failed'
),
as_of as (
    select analysis_as_of() as as_of
)
select
    f.tenant,
    f.attribution,
    f.error_family,
    string_agg(distinct f.error_type, ', ' order by f.error_type) as error_types,
    cast(count(*) as bigint) as failures,
    cast(count(distinct f.name) as bigint) as workflows_affected,
    min(f.failed_at) as first_seen,
    max(f.failed_at) as last_seen,
    arg_min(f.id, f.failed_at) as first_run_id,
    arg_min(f.name, f.failed_at) as first_workflow_name,
    arg_max(f.error_message, f.failed_at) as example_message,
    cast(date_diff('hour', min(f.failed_at), any_value(a.as_of)) / 24.0 as double)
        as days_since_first_seen,
    min(f.failed_at) >= any_value(a.as_of) - interval 7 day
        and min(f.failed_at) <= any_value(a.as_of) as is_new
from failed as f
cross join as_of as a
group by f.tenant, f.attribution, f.error_family;
