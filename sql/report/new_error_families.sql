-- Error families first seen in the 7 days before as_of, newest first.
select tenant, attribution, error_family, failures, workflows_affected, first_seen
from v_error_family_first_seen
where is_new
order by first_seen desc, tenant, error_family
limit 10;
