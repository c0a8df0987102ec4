"""The analyst's side: the read-only `wf-etl sql` session, its catalogue and formats, and the
storage version that lets DuckDB 1.x readers (shells, notebooks, BI tools) open the file."""
