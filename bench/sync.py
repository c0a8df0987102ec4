"""A whole `wf-etl sync` against the simulator: how close it comes to the API's bound.

The sync runs as the console script, in a subprocess, as a user runs it: Dagster start-up,
listing, planning, fetching on the pool, landing batches, the loader, the model, the lake and
the analysts' database all count. The bound is what the API allows: requests / 10 per second.
The last line is ``requests=<n> wall_s=<x> bound_s=<n/10> efficiency=<bound/wall>``.
With --tenants N it syncs N tenants of equal size at once and adds
``tenants=<n> wall_s=<x> one_tenant_wall_s=<y>`` (each tenant has its own rate budget).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wf_etl.simulator import Simulator

RATE = 10  # the API's limit per tenant
CPU_BEFORE = [0.0]  # children's CPU seconds counted so far


def sync(sim: Simulator, tenants: list[str], days: int, folder: Path) -> tuple[float, int]:
    """Wall seconds of one `wf-etl sync`, and the requests the simulator saw for it."""
    sim.clear_requests()
    end = datetime.now(UTC)
    env = {
        **os.environ,
        "AMPERITY_BASE_URL": sim.base_url or "",
        "AMPERITY_TENANT": ",".join(tenants),
        "AMPERITY_API_TOKEN": sim.token,
        "WF_ETL_DUCKDB_PATH": str(folder / "wh.duckdb"),
    }
    env.pop("DAGSTER_HOME", None)
    console = shutil.which("wf-etl", path=str(Path(sys.executable).parent)) or "wf-etl"
    started = time.monotonic()
    done = subprocess.run(
        [
            console,
            "sync",
            "--from",
            (end - timedelta(days=days)).isoformat(),
            "--to",
            end.isoformat(),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"sync failed:\n{done.stdout}\n{done.stderr}")
    print(done.stdout.strip().splitlines()[-4] if done.stdout else "")
    return wall, len([r for r in sim.requests if r.tenant in tenants])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000, help="runs per tenant, about")
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--latency-ms", type=int, nargs=2, default=(200, 600))
    parser.add_argument("--tenants", type=int, default=1)
    args = parser.parse_args()
    names = [f"tenant{i}" for i in range(1, args.tenants + 1)]
    with (
        Simulator(
            tenants=names,
            token="bench-token",
            seed=7,
            days=args.days + 1,
            runs_per_day=max(1, args.runs // args.days),
            latency_ms=tuple(args.latency_ms),
            rate_limit_per_s=RATE,
        ) as sim,
        tempfile.TemporaryDirectory(prefix="wf-etl-bench-") as tmp,
    ):
        wall, requests = sync(sim, names[:1], args.days, Path(tmp) / "one")
        bound = requests / RATE
        print(f"one tenant: {requests} requests in {wall:.1f} s")
        efficiency = bound / wall
        print(
            f"requests={requests} wall_s={wall:.1f} bound_s={bound:.1f} efficiency={efficiency:.2f}"
        )
        if args.tenants > 1:
            many_wall, many_requests = sync(sim, names, args.days, Path(tmp) / "many")
            print(f"{args.tenants} tenants: {many_requests} requests in {many_wall:.1f} s")
            print(f"tenants={args.tenants} wall_s={many_wall:.1f} one_tenant_wall_s={wall:.1f}")


if __name__ == "__main__":
    main()
