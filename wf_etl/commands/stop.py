"""wf-etl stop: show one run, ask, stop it through the API, and record it in guard_actions."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wf_etl.commands.options import add_db_argument, client_configs, warehouse_path

if TYPE_CHECKING:
    from wf_etl.amperity import ClientConfig


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "run_id", metavar="RUN_ID", help="the workflow run id, e.g. wf-20240619-14418-6UhqSe"
    )
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument(
        "--tenant", help="the run's tenant (default: look it up in $AMPERITY_TENANT)"
    )
    add_db_argument(parser)


def find_run(configs: list[ClientConfig], run_id: str) -> tuple[ClientConfig, dict[str, Any]]:
    """The tenant that knows `run_id`, and the run's overview."""
    from wf_etl.amperity import AmperityClient, AmperityError, ConfigurationError, NotFoundError
    from wf_etl.cli import UserError

    for config in configs:
        try:
            with AmperityClient(config) as client:
                return config, client.get_run(run_id, view="overview")
        except NotFoundError:
            continue
        except (ConfigurationError, AmperityError) as exc:
            raise UserError(f"cannot read run {run_id} in tenant {config.tenant}: {exc}") from None
    tenants = ", ".join(c.tenant for c in configs)
    raise UserError(f"run {run_id} not found in tenant(s) {tenants}; check the id and --tenant")


def confirm(prompt: str) -> bool:
    """y/N on stdin; anything but yes (including end of input) means no."""
    print(prompt, end="", flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in {"y", "yes"}


def runtime_ms(run: dict[str, Any], now: datetime) -> int | None:
    """Runtime so far (or in total, once ended) from the run's created_at; None if unreadable."""
    from wf_etl.windows import WindowError, parse_instant

    created = run.get("created_at")
    if not isinstance(created, str):
        return None
    try:
        created_at = parse_instant(created, name="created_at")
    except WindowError:
        return None
    return max(0, int((now - created_at).total_seconds() * 1000))


def run(args: argparse.Namespace) -> int:
    import uuid

    from wf_etl.amperity import (
        AmperityClient,
        canonical_state,
        tenants_from_env,
    )
    from wf_etl.guard.audit import GuardAction, record
    from wf_etl.guard.durations import format_duration
    from wf_etl.guard.stopper import TERMINAL, stop_safely
    from wf_etl.warehouse_session import open_warehouse

    tenants = [args.tenant] if args.tenant else tenants_from_env()
    configs = client_configs(tenants, "export it (and a token) or pass --tenant")
    db = warehouse_path(args)
    config, current = find_run(configs, args.run_id)
    state = canonical_state(current.get("state"))
    now = datetime.now(UTC)
    runtime = runtime_ms(current, now)
    print(f"run      {args.run_id} (tenant {config.tenant})")
    print(f"name     {current.get('name')}")
    print(f"type     {current.get('type')}")
    print(f"state    {current.get('state')}")
    print(f"runtime  {format_duration(runtime)} (created {current.get('created_at')})")
    if state in TERMINAL:
        print(f"wf-etl stop: the run is already {state}; nothing to stop")
        return 1
    if not args.yes and not confirm(f"Stop run {args.run_id}? [y/N] "):
        print("wf-etl stop: not stopped")
        return 1
    # The warehouse is opened only after the answer: a person thinking must not hold the file.
    with open_warehouse(db) as con, AmperityClient(config) as client:
        result = stop_safely(client, args.run_id)
        record(
            con,
            GuardAction(
                decided_at=now,
                batch_id=uuid.uuid4().hex,
                source="cli-stop",
                tenant=config.tenant,
                run_id=args.run_id,
                name=current.get("name"),
                type=current.get("type"),
                state=result.state or state,
                rule="manual",
                runtime_ms=runtime,
                limit_ms=None,
                limit_basis=None,
                action="stop",
                dry_run=False,
                outcome=result.outcome,
                detail=result.detail,
                api_status=result.api_status,
                request_id=result.request_id,
            ),
        )
    print(f"wf-etl stop: {result.outcome.replace('_', ' ')}: {result.detail}")
    if result.request_id:
        print(f"request_id {result.request_id}")
    if result.answer is not None:
        print(json.dumps(result.answer, indent=2, sort_keys=True))
    print(f"recorded in guard_actions ({db})")
    return 0 if result.outcome in ("stopped", "already_stopping") else 1
