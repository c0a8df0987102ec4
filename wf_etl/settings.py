"""Pipeline settings from the environment: the one place besides ClientConfig that reads it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DEFAULT_DUCKDB_PATH = "data/wf_etl.duckdb"
DEFAULT_PARTITIONS_START = "2025-01-01"
DEFAULT_LOCK_TIMEOUT_S = 60.0


class SettingsError(ValueError):
    """An environment variable holds a value that cannot be used; the message names it."""


def is_local_path(path: str) -> bool:
    """False for ':memory:' and for URIs DuckDB opens, e.g. 'md:db' (MotherDuck), 's3://...'."""
    return path != ":memory:" and re.match(r"^[A-Za-z][\w+.-]+:", path) is None


def check_warehouse_path(path: str) -> str:
    """The path, if it can name a warehouse file; a directory, or a file where a folder must
    be, is refused before anything is created."""
    if not path.strip():
        raise SettingsError("the warehouse path is empty; pass --db FILE or set WF_ETL_DUCKDB_PATH")
    if not is_local_path(path):
        return path
    target = Path(path)
    if target.is_dir():
        example = target / "wf_etl.duckdb"
        raise SettingsError(
            f"the warehouse path {path} is a directory; name a file, e.g. {example}"
        )
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise SettingsError(
                    f"cannot create the warehouse {path}: {parent} is a file, not a directory"
                )
            break
    return path


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _number(env: Mapping[str, str], var: str, default: float) -> float:
    raw = (env.get(var) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{var}={raw!r} is not a number") from None
    if not value >= 0:
        raise SettingsError(f"{var}={raw!r} must not be negative")
    return value


def _day(env: Mapping[str, str], var: str, default: str) -> str:
    raw = (env.get(var) or "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise SettingsError(f"{var}={raw!r} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Settings:
    """Warehouse and pipeline knobs; API access lives in amperity.config.ClientConfig."""

    duckdb_path: str = DEFAULT_DUCKDB_PATH
    partitions_start: str = DEFAULT_PARTITIONS_START
    stuck_after_hours: float = 24.0
    guard_policy_path: str | None = None
    guard_stop_enabled: bool = False
    hash_principal_emails: bool = False
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S
    max_record_mb: float = 64.0  # a file line over this is rejected by `wf-etl import`

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            duckdb_path=env.get("WF_ETL_DUCKDB_PATH") or DEFAULT_DUCKDB_PATH,
            partitions_start=_day(env, "WF_ETL_PARTITIONS_START", DEFAULT_PARTITIONS_START),
            stuck_after_hours=_number(env, "WF_ETL_STUCK_AFTER_HOURS", 24.0),
            guard_policy_path=env.get("WF_ETL_GUARD_POLICY") or None,
            guard_stop_enabled=_flag(env.get("WF_ETL_GUARD_STOP_ENABLED")),
            hash_principal_emails=_flag(env.get("WF_ETL_HASH_PRINCIPAL_EMAILS")),
            lock_timeout_s=_number(env, "WF_ETL_LOCK_TIMEOUT_S", DEFAULT_LOCK_TIMEOUT_S),
            max_record_mb=_number(env, "WF_ETL_MAX_RECORD_MB", 64.0),
        )
