-- Before recording a publish of table $table: forget the marks of the partitions rewritten.
delete from lake_partitions as p
where p.table_name = $table
  and exists (
      select 1 from lake_stale as s where s.tenant = p.tenant and s.day is not distinct from p.day
  );
