-- rejected_records: the audit events that could not land, with the reason and the text as
-- received (source 'audit:api'; workflow_id stays NULL: an event is not a run). A rejection
-- already recorded (same tenant, fetch time, reason and text) is not recorded twice.
insert into rejected_records (tenant, workflow_id, fetched_at, rejected_at, source, reason, payload)
select distinct c.tenant, null, c.fetched_at, now(), c.source, c.reason, c.body
from audit_checked as c
where c.reason is not null
  and not exists (
      select 1
      from rejected_records as r
      where r.tenant = c.tenant
        and r.source = c.source
        and r.fetched_at is not distinct from c.fetched_at
        and r.reason = c.reason
        and r.payload is not distinct from c.body
  );
