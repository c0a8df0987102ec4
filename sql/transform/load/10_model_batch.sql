-- model_batch for a load (land and model in one transaction): the runs raw just took from
-- this batch (land_winners). Their model rows are replaced from the parsed records below.
create or replace temp table model_batch as
select workflow_id as id, cast(null as bigint) as raw_rowid
from land_winners;
