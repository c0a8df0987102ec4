"""Memory of a sync against the size of its window: a long backfill must cost no more memory
than a short sync, because records go to the landing zone batch by batch.

Runs `wf-etl sync` as a subprocess against the simulator (rate limit lifted, so a 100,000-run
window takes minutes, not hours), once for a small window and once for a large one, and reads
each child's peak RSS from the kernel (wait4). Ends with:
``small_runs=<n> small_peak_rss_mb=<x> large_runs=<m> large_peak_rss_mb=<y> ratio=<y/x>``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from wf_etl.simulator import Simulator

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)


def peak_rss_mb(sim: Simulator, days: int, folder: Path) -> tuple[float, int]:
    env = {
        **os.environ,
        "AMPERITY_BASE_URL": sim.base_url or "",
        "AMPERITY_TENANT": "acme",
        "AMPERITY_API_TOKEN": sim.token,
        "WF_ETL_DUCKDB_PATH": str(folder / "wh.duckdb"),
        "WF_ETL_MAX_REQUESTS_PER_SECOND": "400",
        "WF_ETL_PROGRESS_EVERY_S": "30",
    }
    env.pop("DAGSTER_HOME", None)
    start = NOW - timedelta(days=days)
    proc = subprocess.Popen(
        [sys.executable, "-m", "wf_etl.cli", "sync", "--from", start.isoformat(),
         "--to", NOW.isoformat()],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if "fetched" in line or "loaded" in line or "Summary" in line:
            print("   ", line.rstrip(), flush=True)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"sync of {days} days failed ({status})")
    runs = len([r for r in sim.runs("acme") if r["created_at"] >= start.isoformat()[:19]])
    return usage.ru_maxrss / 1024, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs-per-day", type=int, default=3400)
    parser.add_argument("--small-days", type=int, default=1, help="a window of ~1,000 runs")
    parser.add_argument("--large-days", type=int, default=30, help="~100,000 runs")
    args = parser.parse_args()
    with (
        Simulator(
            tenants=("acme",),
            seed=3,
            days=args.large_days + 1,
            runs_per_day=args.runs_per_day,
            rate_limit_per_s=100_000,
            now=NOW,
        ) as sim,
        tempfile.TemporaryDirectory(prefix="wf-etl-memory-") as tmp,
    ):
        small, small_runs = peak_rss_mb(sim, args.small_days, Path(tmp) / "small")
        print(f"small window: {small_runs} runs, peak RSS {small:.0f} MB")
        large, large_runs = peak_rss_mb(sim, args.large_days, Path(tmp) / "large")
        print(f"large window: {large_runs} runs, peak RSS {large:.0f} MB")
        print(
            f"small_runs={small_runs} small_peak_rss_mb={small:.0f} large_runs={large_runs} "
            f"large_peak_rss_mb={large:.0f} ratio={large / small:.2f}"
        )


if __name__ == "__main__":
    main()
