-- task_times(tasks): each task's three timestamps as instants (parse_utc_timestamp), in the
-- order of the task list, NULL where the text is missing or not an ISO 8601 instant.
-- Computed once per record: the landing rejects a record whose text did not parse, and the
-- model stores these values, so the regular expression behind parse_utc_timestamp runs once
-- per timestamp (three per task, a million tasks per 100,000 runs).
-- A connection-local (temp) macro, re-created before each use, as parse_run_record.
create or replace temp macro task_times(tasks) as list_transform(tasks, lambda t: {
    'created_at': parse_utc_timestamp(t.created_at),
    'ended_at': parse_utc_timestamp(t.ended_at),
    'state_changed_at': parse_utc_timestamp(t.state_changed_at)
});
