-- Append one decision to the audit trail.
insert into guard_actions (
    decided_at, batch_id, source, tenant, run_id, name, type, state, rule, runtime_ms,
    limit_ms, limit_basis, action, dry_run, outcome, detail, api_status, request_id
)
values (
    $decided_at, $batch_id, $source, $tenant, $run_id, $name, $type, $state, $rule, $runtime_ms,
    $limit_ms, $limit_basis, $action, $dry_run, $outcome, $detail, $api_status, $request_id
);
