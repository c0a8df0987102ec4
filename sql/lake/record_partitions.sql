-- After a publish of table $table: the partitions of lake_stale now carry their new mark
-- (a partition with no mark any more had its files removed, and is not recorded).
insert into lake_partitions (table_name, tenant, day, mark, published_at)
select $table, tenant, day, mark, now()
from lake_stale
where mark is not null;
