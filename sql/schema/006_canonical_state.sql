-- canonical_state(s): the one rule that turns a state as the API sent it into the form the
-- model stores, used for runs (raw_workflow_runs, workflow_runs) and tasks alike.
-- The API documents "In progress", "Running with failures", JSON examples use "succeeded",
-- and new values may appear: trim, lower-case, and turn each space or hyphen into '_'
-- ("In progress" -> in_progress, "Running with failures" -> running_with_failures).
-- Unknown states pass through canonicalised, never rejected; an empty state is NULL.
create or replace macro canonical_state(s) as
    nullif(replace(replace(lower(trim(s)), ' ', '_'), '-', '_'), '');
