-- A landing-zone batch file has been landed: remember it, so it is never landed twice.
insert or ignore into landing_batches (name, tenant, records, loaded_at)
values ($name, $tenant, $records, now());
