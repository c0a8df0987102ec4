-- What the lake holds: one row per published partition (table, tenant, day) with the mark
-- its data had when it was written. A partition whose current mark differs is stale and is
-- rewritten by the next publish; rows are never read by analysts (they read the lake).
create table if not exists lake_partitions (
    table_name   varchar     not null,
    tenant       varchar     not null,
    day          date,                   -- NULL for tables partitioned by tenant only
    mark         varchar     not null,   -- e.g. max(fetched_at) and count of the partition
    published_at timestamptz not null
);
