-- Row counts of the audit tables, recorded as Dagster metadata after every audit landing.
select 'raw_audit_events' as table_name, count(*) as row_count from raw_audit_events
union all select 'audit_events', count(*) from audit_events;
