-- The message families behind most failures in scope.
select attribution, message_family, failures, workflows_affected, error_types, example_message
from v_error_message_families
order by failures desc, attribution, message_family
limit 10;
