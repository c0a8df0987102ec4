-- Remember the signature of the analysts' database just written at $path.
insert or replace into analysts_database (path, signature, written_at)
values ($path, $signature, now());
