-- parse_run_record(body): a verbose run record's text as the typed structure that landing
-- checks and the model flattens, so each record is parsed once for both.
-- Every field is optional (missing -> NULL). Numbers and timestamps are kept as text here and
-- typed by as_bigint / parse_utc_timestamp, which accept the drift the API shows (numeric
-- strings, offsets). error is kept as JSON: it may be an object, null or something else, and
-- only an object is flattened. Text that is not JSON raises; callers wrap this in try().
-- A connection-local (temp) macro, re-created before each use, so no warehouse file carries it.
create or replace temp macro parse_run_record(body) as from_json(body, '{
    "id": "JSON", "tenant": "VARCHAR",
    "name": "VARCHAR", "type": "VARCHAR", "state": "VARCHAR",
    "created_at": "VARCHAR", "ended_at": "VARCHAR", "state_changed_at": "VARCHAR",
    "principal_id": "VARCHAR", "principal_name": "VARCHAR", "principal_email": "VARCHAR",
    "launched_version": "VARCHAR", "current_version": "VARCHAR",
    "warn_after_ms": "VARCHAR", "error": "JSON",
    "task_instances": [{
        "id": "VARCHAR", "label": "VARCHAR", "state": "VARCHAR",
        "execution_type": "VARCHAR", "task_definition_id": "VARCHAR",
        "task_definition_type": "VARCHAR", "run_id": "VARCHAR", "timeout_ms": "VARCHAR",
        "created_at": "VARCHAR", "ended_at": "VARCHAR", "state_changed_at": "VARCHAR",
        "error": "JSON"
    }]
}');
