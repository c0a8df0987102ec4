-- model_slices: the raw rows of model_batch as consecutive rowid ranges, each parsed into
-- model_source by one statement (06_model_source_slice.sql). Parsing JSON holds the documents
-- of a whole DuckDB vector (2,048 rows) per thread, so memory follows the text of 2,048
-- consecutive payloads: while no 2,048 of them carry more than $slice_bytes, everything is
-- one slice (typical records: 8 MB per 2,048); otherwise a slice starts every $slice_bytes of
-- text, so it holds at most $slice_bytes plus its last payload, and wide records (many tasks,
-- long messages) fit the same memory limit.
create or replace temp table model_slices as
with sized as (
    select r.rowid as raw_rowid, strlen(r.payload) as bytes
    from raw_workflow_runs as r
    where r.rowid in (select raw_rowid from model_batch)
),

running as (
    select
        raw_rowid,
        sum(bytes) over (order by raw_rowid rows unbounded preceding) - bytes as bytes_before,
        sum(bytes) over (order by raw_rowid rows between 2047 preceding and current row)
            as vector_bytes
    from sized
),

budget as (
    select case when max(vector_bytes) > $slice_bytes then $slice_bytes end as slice_bytes
    from running
)

select
    coalesce(r.bytes_before // b.slice_bytes, 0) as slice,
    min(r.raw_rowid) as first_rowid,
    max(r.raw_rowid) as last_rowid,
    -- every raw row of the range is in model_batch (a rebuild): no need to look each one up
    count(*) = max(r.raw_rowid) - min(r.raw_rowid) + 1 as dense
from running as r
cross join budget as b
group by all
order by slice;
