-- Records of landed batches the loader has not loaded yet (the frame landing_pending), in the
-- shape of raw_workflow_runs, so planning counts a run fetched minutes ago as fetched.
select
    run_id as id,
    tenant,
    parse_utc_timestamp(json_extract_string(body, '$.created_at')) as created_at,
    is_terminal_state(json_extract_string(body, '$.state')) as is_terminal,
    fetched_at
from landing_pending
where error is null and run_id is not null and json_valid(body)
