-- The keyed raw_workflow_runs set aside, so the schema creates the table as it is now (without
-- the declared key) and 30_raw_refill.sql moves every row into it.
alter table raw_workflow_runs rename to raw_workflow_runs_keyed;
