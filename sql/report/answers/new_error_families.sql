-- Error families first seen recently (as_of = the materialisation's time).
select count(*) filter (where is_new) as new_error_families
from v_error_family_first_seen;
