-- What a destination still owes: alerts raised but not sent and not given up, oldest first.
select alert_key, kind, tenant, title, detail, occurred_at, status, attempts
from alerts_sent
where destination = $destination and status in ('pending', 'deferred')
order by occurred_at nulls last, alert_key;
