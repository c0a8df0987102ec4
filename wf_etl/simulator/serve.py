"""Serve a simulator in the foreground until SIGINT/SIGTERM: the body of `wf-etl simulate`."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, TextIO

from wf_etl.simulator.server import Simulator


def announce(sim: Simulator, out: TextIO) -> None:
    """Print the connection facts one per line (parents parse them), then ready-made commands."""
    tenant = sim.tenants[0]
    lines = [
        f"base_url={sim.base_url}",
        f"tenant={','.join(sim.tenants)}",
        f"token={sim.token}",
        f"client_id={sim.client_id}",
        f"client_secret={sim.client_secret}",
        "",
        f"export AMPERITY_BASE_URL={sim.base_url} AMPERITY_TENANT={','.join(sim.tenants)} "
        f"AMPERITY_API_TOKEN={sim.token}",
        "",
        f"curl -s '{sim.base_url}/workflow/runs?limit=5' -H 'Authorization: Bearer {sim.token}' "
        f"-H 'amperity-tenant: {tenant}' -H 'api-version: 2024-04-01'",
    ]
    out.write("\n".join(lines) + "\n")
    out.flush()


def serve(sim: Simulator, out: TextIO = sys.stdout, signals: Sequence[int] | None = None) -> int:
    """Start, announce, block until a signal arrives, stop cleanly; returns the exit code."""
    done = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        done.set()

    wanted = signals if signals is not None else (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, on_signal) for s in wanted}
    try:
        sim.start()
        announce(sim, out)
        while not done.wait(0.5):
            pass
    finally:
        sim.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    out.write("simulator stopped\n")
    out.flush()
    return 0
