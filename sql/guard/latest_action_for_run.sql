-- The most recent decision about one run, to avoid writing the same decision every tick.
-- rowid breaks ties between rows decided at the same instant: the table is append-only, so
-- a later insert has a larger rowid.
select rule, action, dry_run, outcome, decided_at
from guard_actions
where tenant = $tenant and run_id = $run_id
order by decided_at desc, rowid desc
limit 1;
