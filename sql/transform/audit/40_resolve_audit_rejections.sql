-- Resolve open audit rejections once a good record of the same event id, fetched at the same
-- time or later, has landed (the id is read from the rejected text when it is JSON).
update rejected_records as r
set resolved_at = now()
where r.resolved_at is null
  and r.source like 'audit:%'
  and exists (
      select 1
      from audit_checked as c
      where c.reason is null
        and c.event_id = try(json_extract_string(r.payload, '$.event_id'))
        and (r.fetched_at is null or c.fetched_at >= r.fetched_at)
  );
