"""Pipeline settings from the environment: the one place besides ClientConfig that reads it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_DUCKDB_PATH = "data/wf_etl.duckdb"
DEFAULT_PARTITIONS_START = "2025-01-01"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Warehouse and pipeline knobs; API access lives in amperity.config.ClientConfig."""

    duckdb_path: str = DEFAULT_DUCKDB_PATH
    partitions_start: str = DEFAULT_PARTITIONS_START
    stuck_after_hours: float = 24.0
    guard_policy_path: str | None = None
    guard_stop_enabled: bool = False
    hash_principal_emails: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            duckdb_path=env.get("WF_ETL_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH,
            partitions_start=env.get("WF_ETL_PARTITIONS_START") or DEFAULT_PARTITIONS_START,
            stuck_after_hours=float(env.get("WF_ETL_STUCK_AFTER_HOURS") or 24.0),
            guard_policy_path=env.get("WF_ETL_GUARD_POLICY") or None,
            guard_stop_enabled=_flag(env.get("WF_ETL_GUARD_STOP_ENABLED")),
            hash_principal_emails=_flag(env.get("WF_ETL_HASH_PRINCIPAL_EMAILS")),
        )
