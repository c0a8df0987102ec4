-- The data dictionary of v_platform_incidents: one line per column, stored with COMMENT ON so the
-- duckdb CLI (`select * from duckdb_columns()`), notebooks and Dagster's Columns tab show it.
comment on view v_platform_incidents is 'When did the platform have an incident: platform failures across workflows close together?';
comment on column v_platform_incidents.tenant is 'Amperity tenant id.';
comment on column v_platform_incidents.incident_id is 'The cluster''s first failed run id (stable while later failures join).';
comment on column v_platform_incidents.started_at is 'When its first failure ended (UTC).';
comment on column v_platform_incidents.ended_at is 'When its last failure ended (UTC).';
comment on column v_platform_incidents.platform_failures is 'Platform-attributed failed runs in the cluster.';
comment on column v_platform_incidents.workflows_affected is 'Distinct workflow names among them.';
comment on column v_platform_incidents.error_types is 'Their error types, comma-separated.';
comment on column v_platform_incidents.is_incident is 'True when at least 3 workflows were hit.';
