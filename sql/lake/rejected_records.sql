-- rejected_records as published, one file per tenant (rejections are few and get resolved).
select r.*
from rejected_records as r
semi join lake_stale as s on s.tenant = r.tenant
