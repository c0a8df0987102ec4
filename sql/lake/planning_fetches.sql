-- The runs a sync asks the API for, in the order it asks: the window's listed runs (temp table
-- listed_runs, ordinal in listing order, an id listed twice counted once) not already
-- terminal; then, when $refresh_in_flight, runs still in flight created before $window_end
-- that the window did not list, oldest first, so they are followed until they end; then runs
-- whose last answer was rejected, not planned already, so rejections heal whatever the window.
-- A run the API has answered 404 for is gone: asking again would only add one rejection per
-- sync, so it stays open for a person to judge (docs/reliability.md).
-- Parameters: $tenant, $window_end, $refresh_in_flight.
with listed as (
    select id, min(ordinal) as ordinal
    from listed_runs
    group by id
),

settled as (
    select id
    from raw_workflow_runs
    where tenant = $tenant and is_terminal and id in (select id from listed)
),

unsettled as (
    select 'listed' as reason, 0 as part, ordinal, id
    from listed
    where id not in (select id from settled)
),

in_flight as (
    select
        'in_flight' as reason,
        1 as part,
        row_number() over (order by created_at, id) as ordinal,
        id
    from raw_workflow_runs
    where $refresh_in_flight
        and tenant = $tenant
        and not is_terminal
        and (created_at is null or created_at < $window_end)
        and id not in (select id from listed)
),

rejected as (
    select
        'rejected' as reason,
        2 as part,
        row_number() over (order by workflow_id) as ordinal,
        workflow_id as id
    from rejected_records
    where $refresh_in_flight
        and resolved_at is null
        and workflow_id is not null
        and tenant = $tenant
    group by workflow_id
    having count(*) filter (where reason like '%HTTP 404%') = 0
)

select reason, part, ordinal, id from unsettled
union all
select reason, part, ordinal, id from in_flight
union all
select reason, part, ordinal, id from rejected
where id not in (select id from unsettled union all select id from in_flight)
