-- Each task instance appears once in task_instances.
-- Grouped by a 64-bit hash of the id first: a year of history holds millions of tasks, and a
-- hash table of 8-byte keys fits a small memory limit where one of the id texts does not
-- (890,941 tasks: +7 MB under 16 MB by hash; by text it runs out of 16 MB). Only ids
-- whose hash is shared are then compared as text, so the count and sample stay exact.
with shared_hashes as (
    select hash(id) as id_hash from task_instances group by id_hash having count(*) > 1
)

select count(*) as failures, list(id order by id)[1:10] as sample
from (
    select id
    from task_instances
    where hash(id) in (select id_hash from shared_hashes)
    group by id
    having count(*) > 1
);
