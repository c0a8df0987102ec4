-- Question: when did the platform have an incident: several platform-attributed failures
-- across different workflows close together?
-- Grain: one row per cluster of platform-attributed failed runs in a tenant, ordered by when
-- they ended, where each failure ended at most 30 minutes after the one before it.
-- is_incident: the cluster touched at least 3 distinct workflows (names). incident_id is the
-- first failure's run id, so a cluster keeps its id while later failures join it.
create or replace view v_platform_incidents as
with failures as (
    select id, tenant, name, error_type, coalesce(ended_at, created_at) as failed_at
    from workflow_runs
    where state = 'failed' and error_attribution = 'platform'
),
gaps as (
    select
        *,
        case
            when lag(failed_at) over w is null
              or failed_at - lag(failed_at) over w > interval 30 minute then 1
            else 0
        end as starts_cluster
    from failures
    window w as (partition by tenant order by failed_at, id)
),
clusters as (
    select *, sum(starts_cluster) over (partition by tenant order by failed_at, id) as cluster_no
    from gaps
)
select
    tenant,
    arg_min(id, failed_at) as incident_id,
    min(failed_at) as started_at,
    max(failed_at) as ended_at,
    cast(count(*) as bigint) as platform_failures,
    cast(count(distinct name) as bigint) as workflows_affected,
    string_agg(distinct error_type, ', ' order by error_type) as error_types,
    count(distinct name) >= 3 as is_incident
from clusters
group by tenant, cluster_no;
