-- What one audit landing did: good and bad events, and the first reasons in order.
select
    count(*) filter (where reason is null)                      as good,
    count(*) filter (where reason is not null)                  as bad,
    coalesce(list(reason order by seq) filter (where reason is not null), [])[1:20] as reasons
from audit_checked;
