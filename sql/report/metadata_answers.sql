-- The new answers' headline figures for Dagster metadata: flaky workflows, new error
-- families (as_of = the materialisation's time), regressions, failures after a change.
select
    (select count(*) from v_flaky_workflows where flaky_failures > 0) as flaky_workflows,
    (select max(flakiness_score) from v_flaky_workflows) as top_flakiness_score,
    (select count(*) from v_error_family_first_seen where is_new) as new_error_families,
    (select count(*) from v_runtime_regression where is_regression) as runtime_regressions,
    (select count(*) from v_failure_after_change
        where change_rank = 1 and attribution = 'customer') as customer_failures_after_change,
    (select count(*) from v_failure_after_change
        where coalesce(change_rank, 1) = 1 and attribution = 'customer') as customer_failures,
    (select count(*) from v_platform_incidents where is_incident) as platform_incidents;
