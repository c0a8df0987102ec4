-- The most frequent run-level error types of failed runs for a tenant (NULL = all) and UTC
-- days [date_from, date_to), the same counting as v_error_types but filterable by day.
select
    coalesce(error_attribution, 'unattributed') as attribution,
    coalesce(error_type, '(no error type)') as error_type,
    cast(count(distinct id) as bigint) as failures,
    cast(count(distinct name) as bigint) as workflows_affected
from workflow_runs
where state = 'failed'
  and ($tenant is null or tenant = $tenant)
  and (cast($date_from as date) is null
       or cast(timezone('UTC', created_at) as date) >= cast($date_from as date))
  and (cast($date_to as date) is null
       or cast(timezone('UTC', created_at) as date) < cast($date_to as date))
group by all
order by failures desc, attribution, error_type
limit cast($top as bigint);
