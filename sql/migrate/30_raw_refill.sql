-- Every row of the set-aside raw_workflow_runs, unchanged, into the table the schema created.
insert into raw_workflow_runs by name
select * from raw_workflow_runs_keyed;

drop table raw_workflow_runs_keyed;
