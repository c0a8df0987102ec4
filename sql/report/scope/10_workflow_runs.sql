-- The report's scope: the warehouse's runs created in [report_from, report_to) for
-- report_tenant (each NULL = no bound), under the model table's own name, so the analytics
-- views answer for the scope unchanged. Runs in the report's in-memory database over the
-- warehouse attached read-only as `wh`; the bounds are session variables set by the report.
create or replace view workflow_runs as
select *
from wh.main.workflow_runs
where (getvariable('report_from') is null or created_at >= getvariable('report_from'))
  and (getvariable('report_to') is null or created_at < getvariable('report_to'))
  and (getvariable('report_tenant') is null or tenant = getvariable('report_tenant'));
