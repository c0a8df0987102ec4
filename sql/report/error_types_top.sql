-- The run-level error types behind most failures in scope.
select attribution, error_type, type_family, failures, workflows_affected, first_seen, last_seen,
    sample_message
from v_error_types
order by failures desc, attribution, error_type nulls last
limit 10;
