"""A sync's batches are bounded by text as well as by runs: large records make small batches."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

from tests.conftest import SIM_NOW
from wf_etl.landing import LandingZone
from wf_etl.sync import BatchWriter
from wf_etl.warehouse.records import FetchedRecord


def record(n: int, size: int) -> FetchedRecord:
    body = json.dumps({"id": f"wf-{n:04d}", "note": "x" * size})
    return FetchedRecord(tenant="acme", fetched_at=SIM_NOW.astimezone(UTC), body=body)


def test_a_batch_ends_at_its_byte_bound_and_every_record_lands_once(tmp_path: Path) -> None:
    zone = LandingZone(str(tmp_path / "landing"))
    writer = BatchWriter(zone, "acme", max_runs=500, max_seconds=3600, max_bytes=10_000)
    sizes = [3_000] * 9 + [25_000] + [100] * 30  # one record over the bound on its own
    for n, size in enumerate(sizes):
        writer.add(record(n, size))
    writer.flush()

    batches = [zone.read(batch) for batch in zone.pending("acme")]
    texts = [sum(len(r.body or "") for r in batch) for batch in batches]
    # every batch stops at the first record that reaches the bound, so none holds more than
    # the bound plus one record
    assert all(text - max(len(r.body or "") for r in batch) < 10_000
               for text, batch in zip(texts, batches, strict=True))  # fmt: skip
    # 3 + 1 records of 3,000 reach the bound, twice; then one of 3,000 and the large one
    assert [len(b) for b in batches] == [4, 4, 2, 30]
    landed = [json.loads(r.body)["id"] for batch in batches for r in batch]
    assert landed == [f"wf-{n:04d}" for n in range(len(sizes))]
    assert writer.records == len(sizes) and writer.batches == len(batches)


def test_the_count_bound_still_ends_small_records_batches(tmp_path: Path) -> None:
    zone = LandingZone(str(tmp_path / "landing"))
    writer = BatchWriter(zone, "acme", max_runs=7, max_seconds=3600)
    for n in range(20):
        writer.add(record(n, 50))
    writer.flush()
    assert [len(zone.read(b)) for b in zone.pending("acme")] == [7, 7, 6]
