"""What several verbs share: --db, and the API settings, checked before any work starts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from wf_etl.cli import UserError
from wf_etl.settings import Settings, SettingsError, check_warehouse_path

if TYPE_CHECKING:
    from wf_etl.amperity import ClientConfig


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="DuckDB file (default: $WF_ETL_DUCKDB_PATH or data/wf_etl.duckdb)"
    )


def warehouse_path(args: argparse.Namespace) -> str:
    """--db, else WF_ETL_DUCKDB_PATH, else the default; refused in one line if unusable."""
    try:
        return check_warehouse_path(args.db or Settings.from_env().duckdb_path)
    except SettingsError as exc:
        raise UserError(str(exc)) from None


def client_configs(tenants: list[str], when_missing: str) -> list[ClientConfig]:
    """Each tenant's client settings as the API calls will read them, or one line on why not."""
    from wf_etl.amperity import AmperityError, ClientConfig

    if not tenants:
        raise UserError(f"AMPERITY_TENANT is not set; {when_missing}")
    try:
        return [ClientConfig.from_env(tenant) for tenant in tenants]
    except AmperityError as exc:
        raise UserError(str(exc)) from None
