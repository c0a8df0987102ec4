-- rejected_records: the records of land_checked that could not land, with the reason and the
-- text as received. A rejection already recorded (same run, reason and text) is not recorded
-- again when it was at the same fetch time, so replaying a batch leaves the table as it was,
-- or while it is still open, so a run refused the same way on every sync (an id the client
-- will not put in a URL, a 404) keeps one open rejection instead of adding one per sync.
insert into rejected_records (tenant, workflow_id, fetched_at, rejected_at, source, reason, payload)
select distinct c.tenant, c.workflow_id, c.fetched_at, now(), c.source, c.reason, i.body
from land_checked as c
join land_incoming as i on i.seq = c.seq
where c.reason is not null
  and not exists (
      select 1
      from rejected_records as r
      where r.tenant = c.tenant
        and r.workflow_id is not distinct from c.workflow_id
        and r.reason = c.reason
        and r.payload is not distinct from i.body
        and (r.fetched_at is not distinct from c.fetched_at or r.resolved_at is null)
  );
