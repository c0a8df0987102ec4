-- is_terminal_state(s): whether a run or task in state s will never change again.
-- Terminal runs are never fetched again, so this list decides what a sync revisits.
-- Accepts a raw or canonical state; a missing or unknown state is not terminal.
create or replace macro is_terminal_state(s) as
    coalesce(
        canonical_state(s) in ('succeeded', 'failed', 'canceled', 'cancelled', 'stopped', 'skipped'),
        false
    );
