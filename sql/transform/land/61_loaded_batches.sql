-- Which of the given landing-zone batch files ($names) were landed already.
select name from landing_batches where name in (select unnest(cast($names as varchar[])));
