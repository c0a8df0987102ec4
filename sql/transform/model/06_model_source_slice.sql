-- One slice of model_slices ($first_rowid to $last_rowid) parsed into model_source
-- (model_source_rows, 05_model_source.sql).
insert into model_source
from model_source_rows($first_rowid, $last_rowid, $dense);
