-- Rejections still open (no good record since) and those recorded since a given instant.
select
    count(*) filter (where resolved_at is null)           as open_rejections,
    count(*) filter (where rejected_at >= $since)         as new_rejections,
    count(*) filter (where resolved_at >= $since)         as resolved_since
from rejected_records;
