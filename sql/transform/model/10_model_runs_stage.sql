-- model_runs_stage: the runs of model_source (the records of model_batch, parsed once), typed.
-- Every field may be missing (NULL). Numbers may arrive as strings (as_bigint), timestamps as
-- ISO 8601 with Z or an offset (parse_utc_timestamp stores the instant). Tasks are flattened
-- by model_tasks_stage from the same parsed records.
create or replace temp table model_runs_stage as
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
from model_source;
