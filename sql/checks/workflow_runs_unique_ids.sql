-- Each run appears once in workflow_runs.
-- Grouped by a 64-bit hash of the id first, then only ids whose hash is shared compared as
-- text: exact, in the memory of 8-byte keys (see task_instances_unique_ids.sql).
with shared_hashes as (
    select hash(id) as id_hash from workflow_runs group by id_hash having count(*) > 1
)

select count(*) as failures, list(id order by id)[1:10] as sample
from (
    select id
    from workflow_runs
    where hash(id) in (select id_hash from shared_hashes)
    group by id
    having count(*) > 1
);
