-- land_winners: the good records of land_checked that raw_workflow_runs takes: the latest fetch
-- of each run in the batch, when it is strictly newer than the stored one (or none is stored).
-- Decided before the writes, so that new runs are a plain insert (no conflict handling, the
-- common case of a first load), stored runs an update, and the model flattens exactly these
-- records from their parsed structure (land_checked.f) in the same transaction.
-- Only the id and fetched_at columns of raw are read, never a payload.
create or replace temp table land_winners as
select c.seq, c.workflow_id, r.id is not null as is_stored
from land_checked as c
left join raw_workflow_runs as r on r.id = c.workflow_id
where c.reason is null
  and (r.id is null or c.fetched_at > r.fetched_at)
qualify row_number() over (partition by c.workflow_id order by c.fetched_at desc, c.seq desc) = 1;
