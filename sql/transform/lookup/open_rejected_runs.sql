-- Runs of a tenant with a rejection still open: a sync fetches them again, so a rejection
-- heals even when its run's day is no longer in the synced window. A run the API has answered
-- 404 for is gone: asking again would only add one rejection per sync, so it stays open for a
-- person to judge (docs/reliability.md). Parameter: $tenant.
select workflow_id
from rejected_records
where resolved_at is null
  and workflow_id is not null
  and tenant = $tenant
group by workflow_id
having count(*) filter (where reason like '%HTTP 404%') = 0
order by workflow_id;
