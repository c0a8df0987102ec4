-- The columns of one warehouse table or view, with their data-dictionary descriptions, for
-- the column schema Dagster shows on each asset.
select column_name, data_type, is_nullable, comment
from duckdb_columns()
where table_name = $table_name and schema_name = 'main'
order by column_index;
