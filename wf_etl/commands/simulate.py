"""wf-etl simulate: serve a simulated Amperity tenant on 127.0.0.1 until interrupted."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one")
    parser.add_argument("--tenant", default="acme", help="tenant id(s), comma-separated")
    parser.add_argument("--token", default="sim-token", help="the static bearer token accepted")
    parser.add_argument("--client-id", default="sim-client", help="OAuth client id")
    parser.add_argument("--client-secret", default="sim-secret", help="OAuth client secret")
    parser.add_argument("--seed", type=int, default=42, help="history seed")
    parser.add_argument("--days", type=int, default=14, help="days of history before now")
    parser.add_argument("--runs-per-day", type=int, default=40, help="average runs per day")
    parser.add_argument("--latency-ms", default="0:0", help="extra latency per answer, MIN:MAX")
    parser.add_argument("--fault-rate", type=float, default=0.0, help="random fault rate 0..1")
    parser.add_argument("--rate-limit", type=int, default=10, help="requests per second/tenant")


def parse_latency(text: str) -> tuple[float, float]:
    from wf_etl.cli import UserError

    low, sep, high = text.partition(":")
    try:
        bounds = (float(low), float(high)) if sep else (float(low), float(low))
    except ValueError:
        raise UserError(f"--latency-ms must be MIN:MAX in milliseconds, got {text!r}") from None
    if bounds[0] < 0 or bounds[1] < bounds[0]:
        raise UserError(f"--latency-ms needs 0 <= MIN <= MAX, got {text!r}")
    return bounds


def run(args: argparse.Namespace) -> int:
    from wf_etl.cli import UserError
    from wf_etl.simulator import Simulator
    from wf_etl.simulator.serve import serve

    latency = parse_latency(args.latency_ms)
    tenants = tuple(t.strip() for t in args.tenant.split(",") if t.strip())
    if not tenants:
        raise UserError("--tenant needs at least one tenant id")
    if not 0.0 <= args.fault_rate <= 1.0:
        raise UserError(f"--fault-rate must be between 0 and 1, got {args.fault_rate}")
    if args.days < 0 or args.runs_per_day < 0:
        raise UserError("--days and --runs-per-day must not be negative")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535, got {args.port}")
    sim = Simulator(
        tenants=tenants,
        token=args.token,
        client_id=args.client_id,
        client_secret=args.client_secret,
        seed=args.seed,
        days=args.days,
        runs_per_day=args.runs_per_day,
        latency_ms=latency,
        fault_rate=args.fault_rate,
        rate_limit_per_s=args.rate_limit,
        host=args.host,
        port=args.port,
    )
    try:
        return serve(sim)
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
