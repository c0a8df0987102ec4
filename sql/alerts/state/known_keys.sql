-- Every alert already recorded for a destination, whatever its status.
select alert_key from alerts_sent where destination = $destination;
