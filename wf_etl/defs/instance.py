"""The Dagster instance wf-etl's commands run on, and the config a new DAGSTER_HOME gets."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import dagster as dg

INSTANCE_CONFIG = Path(__file__).resolve().parent / "instance" / "dagster.yaml"


def prepare_dagster_home(home: Path) -> bool:
    """Give a Dagster home without a dagster.yaml wf-etl's instance config (no telemetry, the
    warehouse pool limited to 1, one run per tenant); True if it was written. A home with a
    config of its own is left alone."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if config.exists():
        return False
    shutil.copyfile(INSTANCE_CONFIG, config)
    return True


def cli_instance() -> dg.DagsterInstance:
    """The instance under DAGSTER_HOME (so runs show in the UI), else a throwaway one."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return dg.DagsterInstance.ephemeral()
    if prepare_dagster_home(Path(home)):
        logging.getLogger("wf_etl.progress").info(
            f"wrote wf-etl's Dagster instance config to {Path(home) / 'dagster.yaml'}"
        )
    return dg.DagsterInstance.get()
