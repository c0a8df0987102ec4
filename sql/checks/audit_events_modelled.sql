-- Check: every landed audit event is in audit_events (the model step ran for each batch).
-- Returns (failures, sample of up to ten event ids).
select count(*), list(r.event_id order by r.happened_at)[1:10]
from raw_audit_events as r
anti join audit_events as a on a.event_id = r.event_id;
