"""Fetch throughput against the simulator with realistic latency: pooled vs one at a time.

Prints figures, then a last line ``requests_per_s=<x> http_429=<n> baseline_requests_per_s=<y>``.
Target: at least 9.5 requests/s and zero 429s with answers of 0.5-1.5 s (the limit is 10/s).
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

from wf_etl.amperity import AmperityClient, ClientConfig
from wf_etl.simulator import Simulator

TENANT = "acme"


def timed_fetch(client: AmperityClient, ids: list[str]) -> tuple[float, int]:
    started = time.monotonic()
    failures = sum(1 for result in client.get_runs(ids) if not result.ok)
    return time.monotonic() - started, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="verbose fetches with the pool")
    parser.add_argument("--baseline-runs", type=int, default=20, help="fetches with 1 worker")
    parser.add_argument("--latency-ms", type=int, nargs=2, default=(500, 1500))
    parser.add_argument("--workers", type=int, default=None, help="default: ClientConfig's")
    parser.add_argument(
        "--margin-s", type=float, default=None, help="limiter margin; default: ClientConfig's"
    )
    args = parser.parse_args()

    with Simulator(
        tenants=(TENANT,),
        token="bench-token",
        seed=7,
        days=14,
        runs_per_day=40,
        latency_ms=tuple(args.latency_ms),
        rate_limit_per_s=10,
        port=0,
    ) as sim:
        workers = {} if args.workers is None else {"fetch_workers": args.workers}
        if args.margin_s is not None:
            workers["rate_limit_margin_s"] = args.margin_s
        config = ClientConfig(
            tenant=TENANT, base_url=sim.base_url, api_token="bench-token", **workers
        )
        now = datetime.now(UTC)
        with AmperityClient(config) as client:
            started = time.monotonic()
            ids = [
                run["id"] for run in client.list_runs(now - timedelta(days=20), now, page_size=100)
            ]
            print(f"listed {len(ids)} runs in {time.monotonic() - started:.1f} s")
            if len(ids) < args.runs + args.baseline_runs:
                raise SystemExit(
                    f"only {len(ids)} runs listed; need {args.runs + args.baseline_runs}"
                )
            before = client.stats.requests
            elapsed, failed = timed_fetch(client, ids[: args.runs])
            rate = (client.stats.requests - before) / elapsed
            pooled_429 = client.stats.http_429
            print(
                f"pooled: {args.runs} verbose runs on {config.fetch_workers} workers in "
                f"{elapsed:.1f} s = {rate:.2f} requests/s, {failed} failed, "
                f"{pooled_429} answered 429, client stats {client.stats.as_dict()}"
            )
        baseline_config = ClientConfig(
            tenant=TENANT, base_url=sim.base_url, api_token="bench-token", fetch_workers=1
        )
        with AmperityClient(baseline_config) as baseline:
            time.sleep(1.2)  # let the server's window empty so the baseline starts clean
            base_ids = ids[args.runs : args.runs + args.baseline_runs]
            base_elapsed, base_failed = timed_fetch(baseline, base_ids)
            base_rate = baseline.stats.requests / base_elapsed
            print(
                f"baseline: {len(base_ids)} runs one at a time in {base_elapsed:.1f} s = "
                f"{base_rate:.2f} requests/s, {base_failed} failed"
            )
        time.sleep(0.2)
        total_429 = sum(1 for r in sim.requests if r.status == 429)
        window = sim.stats["max_requests_per_window"][TENANT]
        print(f"server: busiest 1-s window {window} requests, {total_429} answered 429 overall")
        summary = f"requests_per_s={rate:.2f} http_429={total_429}"
        print(f"{summary} baseline_requests_per_s={base_rate:.2f}")


if __name__ == "__main__":
    main()
