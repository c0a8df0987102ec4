-- Resolve open rejections: a run whose bad record was rejected is resolved once a good record
-- for it, fetched at the same time or later, has landed. A good record fetched before the bad
-- one does not resolve it: the newest thing the API said about the run is still unreadable.
update rejected_records as r
set resolved_at = now()
where r.resolved_at is null
  and exists (
      select 1
      from land_checked as c
      where c.reason is null
        and c.workflow_id = r.workflow_id
        and (r.fetched_at is null or c.fetched_at >= r.fetched_at)
  );
