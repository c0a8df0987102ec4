-- The report's view of the audit log (see scope/10_workflow_runs.sql): the tenant's events,
-- all times, since a change before the first run in scope may explain it.
create or replace view audit_events as
select *
from wh.main.audit_events
where getvariable('report_tenant') is null or tenant = getvariable('report_tenant');
