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
# DuckDB's memory_limit for every session on the working database (WF_ETL_DUCKDB_MEMORY_LIMIT);
# DuckDB's own default is 80% of RAM, and a session keeps every block it reads cached up to
# that, so memory grew with the warehouse: the views over 105,371 runs held 431 MB at once (254
# MB with this limit). Past it DuckDB evicts blocks and spills to `<working file>.tmp`; an
# import or a rebuild takes more (wf_etl.warehouse.importer.BULK_SETTINGS).
DEFAULT_DUCKDB_MEMORY_LIMIT = "256MB"
BULK_DUCKDB_MEMORY_LIMIT = "600MB"  # what `wf-etl import` and `wf-etl rebuild` take instead
# The limit of the sessions whose work does not grow with the warehouse's size or only reads it:
# the loader's (a few batches, then a publish of the days they touched), the asset checks', the
# analytics figures' and the audit landing's (WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT). DuckDB caches
# what such a session reads up to its limit, so under 256 MB a 105,371-run sync held 441 MB
# where a 924-run sync held 303 MB (363 and 289 MB with this). A session that needs more is
# done again under the general limit (wf_etl.warehouse.lean): this bounds memory, never what
# a session can do.
DEFAULT_DUCKDB_LEAN_MEMORY_LIMIT = "64MB"
DEFAULT_BATCH_RUNS = 500
# A batch of the sync also ends at this much text: 500 runs of typical records are 2 MB, and the
# bound keeps a batch of large records (long messages, thousands of tasks) as small in memory,
# for the fetch that buffers it and the loader that reads it whole.
DEFAULT_BATCH_BYTES = 16 * 2**20
DEFAULT_BATCH_SECONDS = 30.0


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


def _memory(env: Mapping[str, str], var: str) -> str | None:
    raw = (env.get(var) or "").strip()
    if not raw:
        return None
    try:
        size_bytes(raw)
    except SettingsError:
        raise SettingsError(f"{var}={raw!r} is not a size such as 512MB or 2GB") from None
    return raw


_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # fmt: skip


def size_bytes(size: str) -> int:
    """A size as DuckDB writes and reads it ('64MB', '244.1 MiB': MB is 10^6, MiB 2^20)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B)\s*", size, re.IGNORECASE)
    if match is None:
        raise SettingsError(f"{size!r} is not a size such as 512MB or 2GB")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _choice(env: Mapping[str, str], var: str, choices: tuple[str, ...]) -> str:
    raw = (env.get(var) or "").strip().lower() or choices[0]
    if raw not in choices:
        raise SettingsError(f"{var}={raw!r} is not one of {', '.join(choices)}")
    return raw


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
    working_path: str | None = None  # None: beside duckdb_path (see StorageLayout)
    landing_url: str | None = None
    lake_url: str | None = None
    batch_runs: int = DEFAULT_BATCH_RUNS
    batch_seconds: float = DEFAULT_BATCH_SECONDS
    progress_every_s: float = 10.0
    progress_bar: bool | None = None  # None: a bar when stderr is a terminal
    executor: str = "in_process"  # the code location's: in_process | multiprocess
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    duckdb_lean_memory_limit: str = DEFAULT_DUCKDB_LEAN_MEMORY_LIMIT

    def layout(self, analysts_path: str | None = None) -> StorageLayout:
        """Where each store lives, derived from the analysts' file unless set explicitly."""
        return StorageLayout.beside(
            analysts_path or self.duckdb_path,
            working_path=self.working_path,
            landing_url=self.landing_url,
            lake_url=self.lake_url,
        )

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
            working_path=env.get("WF_ETL_WORKING_PATH") or None,
            landing_url=env.get("WF_ETL_LANDING_URL") or None,
            lake_url=env.get("WF_ETL_LAKE_URL") or None,
            batch_runs=max(1, int(_number(env, "WF_ETL_BATCH_RUNS", DEFAULT_BATCH_RUNS))),
            batch_seconds=_number(env, "WF_ETL_BATCH_SECONDS", DEFAULT_BATCH_SECONDS),
            progress_every_s=_number(env, "WF_ETL_PROGRESS_EVERY_S", 10.0),
            duckdb_memory_limit=_memory(env, "WF_ETL_DUCKDB_MEMORY_LIMIT")
            or DEFAULT_DUCKDB_MEMORY_LIMIT,
            duckdb_lean_memory_limit=_memory(env, "WF_ETL_DUCKDB_LEAN_MEMORY_LIMIT")
            or DEFAULT_DUCKDB_LEAN_MEMORY_LIMIT,
            executor=_choice(env, "WF_ETL_EXECUTOR", ("in_process", "multiprocess")),
            progress_bar=_flag(env["WF_ETL_PROGRESS_BAR"])
            if env.get("WF_ETL_PROGRESS_BAR")
            else None,
        )


@dataclass(frozen=True)
class StorageLayout:
    """The four stores of one warehouse and who touches them.

    - landing: batch files the fetchers append; no fetcher ever opens a DuckDB file.
    - working: the one writer's private DuckDB file (raw, model, rejections, audits).
    - lake: Parquet per tenant and day, replaced file by file with an atomic rename.
    - analysts: a DuckDB file of views over the lake, the file analysts, BI tools and
      `wf-etl report` open; the writer never holds it, so readers never block a sync.
    By default the other three sit beside the analysts' file and share its name (for
    data/wf_etl.duckdb: data/wf_etl.working.duckdb, data/wf_etl.landing/, data/wf_etl.lake/),
    so one path names a whole warehouse and two warehouses in one folder stay apart.
    """

    analysts_path: str
    working_path: str
    landing_url: str
    lake_url: str

    @classmethod
    def beside(
        cls,
        analysts_path: str,
        *,
        working_path: str | None = None,
        landing_url: str | None = None,
        lake_url: str | None = None,
    ) -> StorageLayout:
        target = Path(analysts_path)
        folder = target.parent
        return cls(
            analysts_path=analysts_path,
            working_path=working_path or str(folder / f"{target.stem}.working{target.suffix}"),
            landing_url=landing_url or str(folder / f"{target.stem}.landing"),
            lake_url=lake_url or str(folder / f"{target.stem}.lake"),
        )
