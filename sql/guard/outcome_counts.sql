-- How many decisions of each outcome the audit trail holds, for asset metadata.
select outcome, count(*)::bigint as decisions, max(decided_at) as last_at
from guard_actions
group by outcome
order by outcome;
