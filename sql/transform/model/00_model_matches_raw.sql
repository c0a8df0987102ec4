-- Whether the model already holds exactly raw's runs at raw's fetched_at, without joining the
-- two: a fingerprint of (id, fetched_at) over each side, streamed in one pass each. The join
-- that finds the runs lagging (01_batch_refresh.sql) builds a hash table of every run id, 15
-- to 33 MB at 105,387 runs, and after a load (which models its runs in its own transaction)
-- nothing lags: the common case pays a scan, not the table.
-- One hash of the text "id@microseconds" per run, summed: hash(id, fetched_at) combines the
-- two hashes linearly, so a batch that moved every run to the same newer fetched_at left an
-- xor of them unchanged; a sum, unlike an xor, also counts a row that is there twice. Two
-- different sets with the same count and sum are a 1 in 2^64 chance.
with
    raw_side as (
        select count(*) as runs,
            sum(hash(id || '@' || epoch_us(fetched_at))::hugeint) as fingerprint
        from raw_workflow_runs
    ),
    model_side as (
        select count(*) as runs,
            sum(hash(id || '@' || epoch_us(fetched_at))::hugeint) as fingerprint
        from workflow_runs
    )
select r.runs = m.runs and r.fingerprint is not distinct from m.fingerprint
from raw_side as r, model_side as m;
