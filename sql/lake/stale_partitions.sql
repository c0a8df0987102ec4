-- Partitions of table $table whose current mark (temp table lake_marks) differs from the one
-- published, and partitions published before that no longer exist: both get rewritten.
select coalesce(m.tenant, p.tenant) as tenant, coalesce(m.day, p.day) as day, m.mark
from lake_marks as m
full outer join (select * from lake_partitions where table_name = $table) as p
    on p.tenant = m.tenant and p.day is not distinct from m.day
where m.mark is distinct from p.mark
order by all
