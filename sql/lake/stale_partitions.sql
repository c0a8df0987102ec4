-- Partitions of table $table whose current mark (temp table lake_marks) differs from the one
-- published, and partitions published before that no longer exist: both get rewritten.
-- chunk numbers them in groups of $per_copy, one COPY each (lake/tables.py says why).
select
    coalesce(m.tenant, p.tenant) as tenant,
    coalesce(m.day, p.day) as day,
    m.mark,
    (row_number() over (order by coalesce(m.tenant, p.tenant), coalesce(m.day, p.day)) - 1)
        // $per_copy as chunk
from lake_marks as m
full outer join (select * from lake_partitions where table_name = $table) as p
    on p.tenant = m.tenant and p.day is not distinct from m.day
where m.mark is distinct from p.mark
order by all
