"""A real PostgreSQL for the shared-instance test: Debian's server binaries on a temporary
directory and a free port, started as the `postgres` user when the tests run as root."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    db: str


def _server_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    bin_dir = _server_bin()
    if bin_dir is None:
        message = (
            "Debian's postgresql package is not installed (apt-get install -y postgresql); "
            ".ci/run installs it in CI"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Not under pytest's temporary folder: it is private to root, and the server runs as
    # postgres. A folder of its own under /tmp, removed afterwards.
    root = Path(tempfile.mkdtemp(prefix="wf-etl-postgres-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    as_owner: list[str] = []
    if os.geteuid() == 0:  # initdb and pg_ctl refuse to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_owner, *command], check=True, capture_output=True, text=True)

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        options,
        "-w",
        "-l",
        str(root / "log"),
        "start",
    )
    try:
        run(
            str(bin_dir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "dagster",
        )
        yield Postgres(host="127.0.0.1", port=port, user="postgres", db="dagster")
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
