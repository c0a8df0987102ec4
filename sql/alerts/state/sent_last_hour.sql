-- Deliveries to a destination in the hour before $now: the rate limit's count.
select count(*) from alerts_sent
where destination = $destination and status = 'sent'
  and sent_at > cast($now as timestamptz) - interval 1 hour;
