-- What one landing did, for LandResult: good and bad records, and the first reasons in order.
select
    count(*) filter (where reason is null)                      as good,
    count(*) filter (where reason is not null)                  as bad,
    coalesce(list(reason order by seq) filter (where reason is not null), [])[1:20] as reasons
from land_checked;
