-- alerts_sent as published, one file per tenant (alerts are few; their status changes).
select a.*
from alerts_sent as a
semi join lake_stale as s on s.tenant = a.tenant
