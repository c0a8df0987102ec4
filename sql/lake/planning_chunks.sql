-- The planned ids (temp table planned_fetches) in the order a sync fetches them, as JSON arrays
-- of at most $size ids: the text a sync holds while it fetches (FetchPlan, wf_etl/planning.py).
select to_json(list(id order by position)) as ids
from (
    select id, row_number() over (order by part, ordinal) - 1 as position
    from planned_fetches
)
group by position // $size
order by position // $size
