-- Landing-zone batch files already loaded, so a batch the loader saw twice (it was killed
-- after the load committed, before the file was removed) is not landed again.
create table if not exists landing_batches (
    name      varchar     not null primary key,  -- the file name, ordered by write time
    tenant    varchar     not null,
    records   integer     not null,
    loaded_at timestamptz not null
);
