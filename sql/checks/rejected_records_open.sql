-- Answers that could not be loaded and have not been healed by a later good record.
select
    count(*) as failures,
    list(coalesce(workflow_id, '?') || ': ' || left(reason, 200) order by rejected_at desc)[1:10] as sample
from rejected_records
where resolved_at is null;
