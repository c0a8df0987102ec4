-- A newly raised alert for one destination, as 'pending' (or 'deferred' when the hour's
-- budget is spent). An alert already recorded for the destination is left as it is, so an
-- alert raised again by a later evaluation is never sent twice.
insert into alerts_sent (alert_key, destination, kind, tenant, title, detail, occurred_at,
    first_seen_at, status)
values ($alert_key, $destination, $kind, $tenant, $title, $detail, $occurred_at, $now, $status)
on conflict (alert_key, destination) do nothing;
