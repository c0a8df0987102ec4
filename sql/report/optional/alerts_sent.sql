-- The alerts already recorded, for `wf-etl alerts --dry-run` over a read-only warehouse.
create or replace view alerts_sent as
select * from wh.main.alerts_sent;
