-- The events the model step re-flattens after a landing: this batch's good ones.
create or replace temp table audit_model_ids as
select distinct event_id from audit_checked where reason is null;
