-- Question: are platform-attributed failures transient, i.e. does the same workflow (tenant,
-- name) succeed again within a day, so a rerun was all it took?
-- Grain: one row per failed run with a name and a platform-attributed run-level error.
-- recovered_within_day: the next success (v_time_to_recovery) ended at most 24 hours after the
-- failure ended.
create or replace view v_platform_retry_success as
select
    tenant,
    workflow_name,
    workflow_type,
    failed_run_id,
    failed_created_at,
    failed_ended_at,
    error_type,
    recovery_run_id,
    recovery_ended_at,
    time_to_recovery_ms,
    coalesce(time_to_recovery_ms <= 24 * 60 * 60 * 1000, false) as recovered_within_day
from v_time_to_recovery
where attribution = 'platform';
