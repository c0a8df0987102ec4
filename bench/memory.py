"""Memory of a sync against the size of its window: a long backfill must cost no more memory
than a short sync, because records go to the landing zone batch by batch.

Runs `wf-etl sync` as a subprocess against the simulator, once for a small window and once for
a large one, and reads each child's peak RSS from the kernel (wait4). The large window is
fetched at 400 requests/s (the rate limit lifted, so 100,000 runs take minutes, not hours, and
the loader meets a backlog of ten batches per session: the worst case). The small one, about
1,000 runs, is fetched at the API's own 10 requests/s, as a real sync of it is: its loader then
works while the fetch goes on, as in every real sync; fetched at 400/s its fetch would end
before the first load, and the figure would leave out the loader (--small-rate 400 shows it).
The simulator runs in a process of its own: a child's peak as the kernel counts it includes
the parent it was forked from, and a simulator holding 100,000 runs in this process would be
counted as the sync's memory. Then the small window's sync once more, into the warehouse the
large one left (the large window ends where the small one starts): the everyday hourly sync
after a backfill. What the end of a sync does (the model step, checks, figures) grows with the
warehouse, not the window; comparing the large sync with this one tells the two apart.
Ends with:
``small_runs=<n> small_peak_rss_mb=<x> large_runs=<m> large_peak_rss_mb=<y>
small_after_large_peak_rss_mb=<z> same_warehouse_ratio=<y/z> ratio=<y/x>``
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from wf_etl.simulator import Simulator

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
MEMORY_LIMIT: list[str | None] = [None]  # WF_ETL_DUCKDB_MEMORY_LIMIT for both syncs


def serve(conn: Connection, days: int, runs_per_day: int) -> None:
    """The simulator, in its own process: sends its address and token, serves until told."""
    with Simulator(
        tenants=("acme",),
        seed=3,
        days=days + 1,
        runs_per_day=runs_per_day,
        rate_limit_per_s=100_000,
        now=NOW,
    ) as sim:
        created = sorted(r["created_at"] for r in sim.runs("acme"))
        conn.send((sim.base_url, sim.token, created))
        conn.recv()


def peak_rss_mb(
    api: tuple[str, str, list[str]],
    window: timedelta,
    rate: float,
    folder: Path,
    end: datetime = NOW,
) -> tuple[float, int]:
    """Peak RSS of `wf-etl sync` of [end - window, end) into the warehouse in `folder`."""
    base_url, token, created = api
    env = {
        **os.environ,
        "AMPERITY_BASE_URL": base_url,
        "AMPERITY_TENANT": "acme",
        "AMPERITY_API_TOKEN": token,
        "WF_ETL_DUCKDB_PATH": str(folder / "wh.duckdb"),
        "WF_ETL_MAX_REQUESTS_PER_SECOND": str(rate),
        "WF_ETL_PROGRESS_EVERY_S": "30",
        **({"WF_ETL_DUCKDB_MEMORY_LIMIT": MEMORY_LIMIT[0]} if MEMORY_LIMIT[0] else {}),
    }
    env.pop("DAGSTER_HOME", None)
    start = end - window
    proc = subprocess.Popen(
        [sys.executable, "-m", "wf_etl.cli", "sync", "--from", start.isoformat(),
         "--to", end.isoformat()],
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
        raise SystemExit(f"sync of {window} failed ({status})")
    runs = sum(1 for c in created if start.isoformat()[:19] <= c < end.isoformat()[:19])
    return usage.ru_maxrss / 1024, runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs-per-day", type=int, default=3400)
    parser.add_argument("--small-hours", type=float, default=7, help="a window of ~1,000 runs")
    parser.add_argument("--small-rate", type=float, default=10, help="requests/s, the API's")
    parser.add_argument("--large-days", type=int, default=30, help="~100,000 runs")
    parser.add_argument("--large-rate", type=float, default=400, help="requests/s")
    parser.add_argument("--memory-limit", help="WF_ETL_DUCKDB_MEMORY_LIMIT, e.g. 256MB")
    args = parser.parse_args()
    MEMORY_LIMIT[0] = args.memory_limit
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(theirs, args.large_days, args.runs_per_day), daemon=True
    )
    server.start()
    try:
        api = ours.recv()
        this_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"bench process {this_mb:.0f} MB (counted in each child's peak)")
        with tempfile.TemporaryDirectory(prefix="wf-etl-memory-") as tmp:
            small_window = timedelta(hours=args.small_hours)
            small, small_runs = peak_rss_mb(api, small_window, args.small_rate, Path(tmp) / "small")
            print(f"small window: {small_runs} runs, peak RSS {small:.0f} MB")
            # the large window ends where the small one starts, so the same small sync can
            # follow it into the warehouse it leaves: the everyday sync after a backfill
            large, large_runs = peak_rss_mb(
                api, timedelta(days=args.large_days), args.large_rate, Path(tmp) / "large",
                end=NOW - small_window,
            )  # fmt: skip
            print(f"large window: {large_runs} runs, peak RSS {large:.0f} MB")
            after, _ = peak_rss_mb(api, small_window, args.small_rate, Path(tmp) / "large")
            print(f"small window again, after the large one in its warehouse: {after:.0f} MB")
    finally:
        ours.send("stop")
        server.join(timeout=30)
    print(
        f"small_runs={small_runs} small_peak_rss_mb={small:.0f} large_runs={large_runs} "
        f"large_peak_rss_mb={large:.0f} small_after_large_peak_rss_mb={after:.0f} "
        f"same_warehouse_ratio={large / after:.2f} ratio={large / small:.2f}"
    )


if __name__ == "__main__":
    main()
