-- model_runs_stage: the runs of model_batch, each raw payload parsed once into typed fields.
-- Every field may be missing (NULL). Numbers may arrive as strings (as_bigint), timestamps as
-- ISO 8601 with Z or an offset (parse_utc_timestamp stores the instant). Tasks are parsed by
-- model_tasks_stage: a nested list kept here would cost more to store than to parse again.
create or replace temp table model_runs_stage as
with parsed as (
    select
        r.id,
        r.tenant,
        r.fetched_at,
        from_json(r.payload, '{
            "name": "VARCHAR", "type": "VARCHAR", "state": "VARCHAR",
            "created_at": "VARCHAR", "ended_at": "VARCHAR", "state_changed_at": "VARCHAR",
            "principal_id": "VARCHAR", "principal_name": "VARCHAR", "principal_email": "VARCHAR",
            "launched_version": "VARCHAR", "current_version": "VARCHAR",
            "warn_after_ms": "VARCHAR", "error": "JSON"
        }') as rec
    from raw_workflow_runs as r
    where r.rowid in (select raw_rowid from model_batch)
)
select
    id,
    tenant,
    fetched_at,
    rec.name,
    rec.type,
    canonical_state(rec.state)                      as state,
    rec.state                                       as state_raw,
    is_terminal_state(rec.state)                    as is_terminal,
    parse_utc_timestamp(rec.created_at)             as created_at,
    parse_utc_timestamp(rec.ended_at)               as ended_at,
    parse_utc_timestamp(rec.state_changed_at)       as state_changed_at,
    as_bigint(rec.warn_after_ms)                    as warn_after_ms,
    rec.principal_id,
    rec.principal_name,
    rec.principal_email,
    rec.launched_version,
    rec.current_version,
    case when json_type(rec.error) = 'OBJECT' then from_json(rec.error, '{
        "attribution": "VARCHAR", "type": "VARCHAR", "message": "VARCHAR", "data": "JSON"
    }') end                                         as error
from parsed;
