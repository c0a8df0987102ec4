-- The outcome of delivering one alert: sent, still pending (retried next evaluation),
-- deferred (over the hour's budget) or failed (gave up after the most attempts allowed).
update alerts_sent
set status = $status,
    attempts = attempts + $attempts,
    last_attempt_at = case when $attempts > 0 then cast($now as timestamptz) else last_attempt_at end,
    sent_at = case when $status = 'sent' then cast($now as timestamptz) else sent_at end,
    last_status_code = coalesce($status_code, last_status_code),
    last_error = $error
where alert_key = $alert_key and destination = $destination;
