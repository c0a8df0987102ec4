-- Landing zone: one row per run, the latest verbose record exactly as the API sent it.
-- Every field is kept, known or not, so a new model column is a transform change plus
-- `wf-etl rebuild`, never a refetch.
-- id is the key, kept by the one writer (a run lands as an update of its row or an insert,
-- transform/land) and not declared: DuckDB holds a declared key's index in memory whole in
-- every session that writes, a cost that grew with the history (25 MB at 105,387 runs).
create table if not exists raw_workflow_runs (
    id          varchar     not null,              -- the run id, e.g. wf-20240603-12345-MNabc
    tenant      varchar     not null,
    created_at  timestamptz,                       -- from the payload, for partition pruning
    state       varchar,                           -- canonical state at fetch time
    is_terminal boolean     not null default false,
    fetched_at  timestamptz not null,              -- when this payload was received
    -- the verbose record as received. zstd: run records are large, repetitive JSON; it stores
    -- them in about a quarter of the space of the automatic choice, and checkpoints 3x faster.
    payload     json        not null using compression zstd
);
