-- The analysts' database last written: its signature (view definitions, lake location,
-- storage version) tells the publisher whether the file must be written again.
create table if not exists analysts_database (
    path       varchar     not null primary key,
    signature  varchar     not null,
    written_at timestamptz not null
);
