-- The events the model step re-flattens on a rebuild: every event in raw_audit_events.
create or replace temp table audit_model_ids as
select event_id from raw_audit_events;
