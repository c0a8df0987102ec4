-- model_source for a load: the records raw just took, as land_checked parsed them, so the
-- model reads the same structure a refresh would parse from the stored payload, without a
-- second parse. A view: the stages read it once each and nothing is copied.
create or replace temp view model_source as
select c.workflow_id as id, c.tenant, c.fetched_at, c.f as rec, c.task_ts
from land_checked as c
where c.seq in (select seq from land_winners);
