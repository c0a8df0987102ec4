-- Question: as of when do the time-relative answers (new error families, recent runtimes)
-- read the data? analysis_as_of() is now(), unless a session pins it with a temporary macro
-- of the same name (`create or replace temp macro analysis_as_of() as timestamptz '...'`),
-- as the report, the alerts and the Dagster asset do, so an analysis of the past repeats.
-- Grain: a scalar macro. A macro, not a session variable: DuckDB 1.x readers have no
-- getvariable.
create or replace macro analysis_as_of() as now();
