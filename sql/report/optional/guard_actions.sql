-- The report's view of the runaway guard's decisions, for the tenant in scope.
create or replace view guard_actions as
select *
from wh.main.guard_actions
where getvariable('report_tenant') is null or tenant = getvariable('report_tenant');
