"""What publishing costs: the lake and the analysts' database against the warehouse's size.

Imports a generated file of N runs into a working database, publishes the whole lake once
(what a first publish or a rebuild costs), then lands one more batch of runs on the last day
and publishes again (what every batch of a long sync costs). The second figure must follow
the batch, not the warehouse. Ends with:
``runs=<n> full_publish_s=<x> batch_publish_s=<y> working_mb=<a> lake_mb=<b> analysts_kb=<c>``

    .venv/bin/python bench/publish.py [--runs 300000] [--batch 500]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import generate

from wf_etl.loader import publish
from wf_etl.settings import StorageLayout
from wf_etl.warehouse import (
    FetchedRecord,
    import_jsonl,
    land_raw,
    open_warehouse,
    refresh_model,
)


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def batch_on_last_day(con, count: int) -> list[FetchedRecord]:
    ((last,),) = con.execute("select max(created_at) from raw_workflow_runs").fetchall()
    now = datetime.now(UTC)
    records = []
    for i in range(count):
        created = last - timedelta(seconds=i)
        run = {
            "id": f"wf-bench-{i:06d}",
            "tenant": "acme",
            "name": "Bench batch",
            "type": "amperity.orchestration.orchestration/run",
            "state": "succeeded",
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "ended_at": (created + timedelta(minutes=5)).isoformat().replace("+00:00", "Z"),
            "task_instances": [],
        }
        records.append(FetchedRecord("acme", now, json.dumps(run), run["id"]))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wf-etl-publish-") as tmp:
        folder = Path(tmp)
        source = folder / "runs.jsonl"
        generate(source, args.runs)
        layout = StorageLayout.beside(str(folder / "wh.duckdb"))
        with open_warehouse(layout.working_path) as con:
            started = time.perf_counter()
            import_jsonl(con, source)
            print(f"imported {args.runs} runs in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            full, _ = publish(con, layout)
            full_s = time.perf_counter() - started
            print(f"first publish: {full.partitions} partitions in {full_s:.1f} s")
            land_raw(con, batch_on_last_day(con, args.batch))
            refresh_model(con)
            started = time.perf_counter()
            step, _ = publish(con, layout)
            batch_s = time.perf_counter() - started
            print(f"after a batch of {args.batch}: {step.partitions} partitions in {batch_s:.2f} s")
        working = size_mb(Path(layout.working_path))
        lake = size_mb(Path(layout.lake_url))
        analysts = Path(layout.analysts_path).stat().st_size / 1e3
        print(
            f"runs={args.runs} full_publish_s={full_s:.1f} batch_publish_s={batch_s:.2f} "
            f"working_mb={working:.0f} lake_mb={lake:.0f} analysts_kb={analysts:.0f}"
        )


if __name__ == "__main__":
    main()
