"""Dagster resources, filled from the environment through EnvVar so secrets never sit in config."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from wf_etl.amperity.config import (
    DEFAULT_API_VERSION,
    ENV_FIELDS,
    SECRET_FIELDS,
    ClientConfig,
    parse_tenants,
)
from wf_etl.settings import (
    DEFAULT_BATCH_RUNS,
    DEFAULT_BATCH_SECONDS,
    DEFAULT_DUCKDB_PATH,
    DEFAULT_LOCK_TIMEOUT_S,
    Settings,
    StorageLayout,
)
from wf_etl.warehouse import WarehouseError, open_warehouse

# Defaults come from ClientConfig, so the CLI and Dagster paths cannot drift apart.
_DEFAULTS = ClientConfig(tenant="defaults")


class AmperityResource(dg.ConfigurableResource):
    """Access to one or more Amperity tenants; each tenant gets its own client and rate budget."""

    tenant: str = ""  # one id, or several separated by commas
    base_url: str | None = None
    api_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_version: str = DEFAULT_API_VERSION
    max_requests_per_second: float = _DEFAULTS.max_requests_per_second
    fetch_workers: int = _DEFAULTS.fetch_workers
    connect_timeout_s: float = _DEFAULTS.connect_timeout_s
    read_timeout_s: float = _DEFAULTS.read_timeout_s
    request_deadline_s: float = _DEFAULTS.request_deadline_s
    max_answer_mb: float = _DEFAULTS.max_answer_mb
    max_attempts: int = _DEFAULTS.max_attempts
    max_retry_seconds: float = _DEFAULTS.max_retry_seconds

    def tenants(self) -> list[str]:
        names = parse_tenants(self.tenant)
        if not names:
            raise dg.Failure(
                "AMPERITY_TENANT is not set: export the tenant id (several separated by commas)"
            )
        return names

    def client_config(self, tenant: str) -> ClientConfig:
        return ClientConfig(
            tenant=tenant,
            base_url=self.base_url or None,
            api_token=self.api_token or None,
            client_id=self.client_id or None,
            client_secret=self.client_secret or None,
            api_version=self.api_version,
            max_requests_per_second=self.max_requests_per_second,
            fetch_workers=self.fetch_workers,
            connect_timeout_s=self.connect_timeout_s,
            read_timeout_s=self.read_timeout_s,
            request_deadline_s=self.request_deadline_s,
            max_answer_mb=self.max_answer_mb,
            max_attempts=self.max_attempts,
            max_retry_seconds=self.max_retry_seconds,
        )


class WarehouseResource(DuckDBResource):
    """dagster-duckdb's resource, opened through wf_etl.warehouse.connect: the folder created,
    the schema applied, and a bounded, logged wait while another process holds the file."""

    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            with open_warehouse(
                self.database,
                lock_timeout_s=self.lock_timeout_s,
                # one config for every connection of a process: DuckDB refuses two on one file
                config=dict(self.connection_config),
                on_wait=dg.get_dagster_logger("wf_etl.warehouse").warning,
            ) as con:
                yield con
        except WarehouseError as exc:  # the opening, or DuckDB out of its memory limit
            raise dg.Failure(description=str(exc)) from None


class PipelineSettings(dg.ConfigurableResource):
    """Knobs of the checks, the fetchers and the loader that are not about API access, and
    where each store lives (wf_etl.settings.StorageLayout)."""

    stuck_after_hours: float = 24.0
    hash_principal_emails: bool = False
    analysts_path: str = DEFAULT_DUCKDB_PATH
    working_path: str = ""
    landing_url: str = ""
    lake_url: str = ""
    batch_runs: int = DEFAULT_BATCH_RUNS
    batch_seconds: float = DEFAULT_BATCH_SECONDS
    progress_every_s: float = 10.0
    progress_bar: bool | None = None
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S

    def layout(self) -> StorageLayout:
        return StorageLayout.beside(
            self.analysts_path,
            working_path=self.working_path or None,
            landing_url=self.landing_url or None,
            lake_url=self.lake_url or None,
        )


def resources_from_env(
    env: Mapping[str, str] | None = None, *, duckdb_path: str | None = None
) -> dict[str, Any]:
    """The resources, with an EnvVar for every variable that is set (values stay out of the UI)."""
    env = os.environ if env is None else env
    settings = Settings.from_env(env)
    amperity: dict[str, Any] = {}
    if env.get("AMPERITY_TENANT", "").strip():
        amperity["tenant"] = dg.EnvVar("AMPERITY_TENANT")
    for var, name in ENV_FIELDS.items():
        raw = env.get(var, "").strip()
        if not raw:
            continue
        if name in SECRET_FIELDS or name in {"base_url", "client_id", "api_version"}:
            amperity[name] = dg.EnvVar(var)
        else:
            # numbers: parsed once by ClientConfig so both paths agree on validation
            amperity[name] = getattr(ClientConfig.from_env("x", {var: raw}), name)
    layout = settings.layout(duckdb_path)
    return {
        "amperity": AmperityResource(**amperity),
        # The working database: the one writer's file, never the analysts' (StorageLayout).
        "warehouse": WarehouseResource(
            database=layout.working_path, lock_timeout_s=settings.lock_timeout_s
        ),
        "pipeline_settings": PipelineSettings(
            stuck_after_hours=settings.stuck_after_hours,
            hash_principal_emails=settings.hash_principal_emails,
            analysts_path=layout.analysts_path,
            working_path=layout.working_path,
            landing_url=layout.landing_url,
            lake_url=layout.lake_url,
            batch_runs=settings.batch_runs,
            batch_seconds=settings.batch_seconds,
            progress_every_s=settings.progress_every_s,
            progress_bar=settings.progress_bar,
            lock_timeout_s=settings.lock_timeout_s,
        ),
    }
