-- guard_actions as published, one file per tenant.
select g.*
from guard_actions as g
semi join lake_stale as s on s.tenant = g.tenant
