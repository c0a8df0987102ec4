"""Bounded memory: a gzip bomb and a 300 MiB record cost about the cap, not their size.

Measured in a subprocess (tests/hostile/memory_probe.py), so the peak RSS is that of a fresh
process doing nothing else. Without the cap, the two answers together hold 1.3 GiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CAP_MB = 16


def test_oversized_answers_are_rejected_while_memory_stays_near_the_cap() -> None:
    probe = subprocess.run(
        [sys.executable, "-m", "tests.hostile.memory_probe", str(CAP_MB)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(probe.stdout.strip().splitlines()[-1])
    print(report)
    outcomes = report["outcomes"]
    assert outcomes["wf-good"] == "ok"
    for run_id in ("wf-bomb", "wf-stream"):
        assert f"answer larger than {CAP_MB} MB" in outcomes[run_id]
    # Two answers read at once, each stopped just past the cap, plus a read piece each.
    growth = report["peak_rss_after_mb"] - report["peak_rss_before_mb"]
    assert growth < 2 * CAP_MB + 64, f"peak RSS grew by {growth:.0f} MB"
