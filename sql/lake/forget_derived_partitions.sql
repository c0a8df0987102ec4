-- After a rebuild the tables $tables (the derived ones, lake/tables.py) were derived anew:
-- every partition they published is stale.
delete from lake_partitions
where list_contains($tables, table_name);
