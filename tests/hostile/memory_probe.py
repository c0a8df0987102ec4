"""Peak memory of fetching oversized answers, measured in a process of its own.

Run as ``python -m tests.hostile.memory_probe CAP_MB``: serves a gzip bomb (1 MB on the wire,
1 GiB inflated) and a 300 MiB record generated while sent, fetches both with the client
under a cap of CAP_MB, and prints one JSON line: the peak RSS before and after, and what
became of each run. The server streams, so its own memory stays near 1 MiB.
"""

from __future__ import annotations

import json
import resource
import sys

from tests.hostile.conftest import fetch_all, hostile_config
from tests.hostile.server import HostileServer, good_record, gzip_bomb, streamed_record


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(cap_mb: float) -> None:
    with HostileServer() as server:
        server.run("wf-good", good_record("wf-good"))
        config = hostile_config(server, max_answer_mb=cap_mb, request_deadline_s=60)
        fetch_all(config)  # warm up: imports, threads, pools
        before = peak_rss_mb()
        server.run("wf-bomb", gzip_bomb(decoded_mib=1024))
        server.run("wf-stream", streamed_record("wf-stream", mib=300))
        fetches = fetch_all(config)
        after = peak_rss_mb()
    print(
        json.dumps(
            {
                "peak_rss_before_mb": round(before, 1),
                "peak_rss_after_mb": round(after, 1),
                "outcomes": {
                    run_id: "ok" if f.ok else str(f.error) for run_id, f in sorted(fetches.items())
                },
            }
        )
    )


if __name__ == "__main__":
    main(float(sys.argv[1]))
