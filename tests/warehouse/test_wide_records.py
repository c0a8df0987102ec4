"""Wide records (many tasks, long messages): the model is derived from raw in slices of
bounded text, and an import cuts its batches sooner, so memory does not follow record size."""

from __future__ import annotations

import io
import json

import pytest

from tests.warehouse.builders import run, snapshot, task
from tests.warehouse.test_load_frame import batches, frame, fresh
from wf_etl.warehouse import (
    import_jsonl,
    importer,
    land_frame,
    load_frame,
    rebuild_model,
    refresh_model,
)
from wf_etl.warehouse import model as model_module

SLICE_FILE = "transform/model/06_model_source_slice.sql"


@pytest.fixture
def slices_parsed(monkeypatch) -> list[str]:
    """The slice statements each derivation runs (the real ones, counted on the way)."""
    seen: list[str] = []
    real = model_module.execute_file

    def counting(con, relative, params=None):
        if relative == SLICE_FILE:
            seen.append(relative)
        return real(con, relative, params)

    monkeypatch.setattr(model_module, "execute_file", counting)
    return seen


def wide_run(n: int) -> dict:
    tasks = [task(f"t-{n}-{k}", state="failed" if k == 3 else "succeeded") for k in range(40)]
    tasks[3]["error"] = {"attribution": "customer", "type": "a/b", "message": "m" * 3000}
    return run(f"wf-{n:03d}", state="Failed", tasks=tasks, error={"type": "a/b", "message": "x"})


def test_a_rebuild_in_slices_gives_what_one_statement_gives(con, tmp_path, monkeypatch,
                                                            slices_parsed):  # fmt: skip
    path = tmp_path / "runs.jsonl"
    records = [wide_run(n) if n % 3 else run(f"wf-{n:03d}") for n in range(12)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    import_jsonl(con, path)
    imported = snapshot(con)

    rebuild_model(con)
    assert snapshot(con) == imported
    assert len(slices_parsed) == 1  # twelve records are far from a vector's worth of text

    slices_parsed.clear()
    # slices of one wide run's text: each wide run is parsed alone
    monkeypatch.setattr(model_module, "MODEL_SLICE_BYTES", len(json.dumps(wide_run(1))))
    result = rebuild_model(con)
    assert snapshot(con) == imported
    assert result.runs == 12 and result.tasks == 8 * 40 + 4 * len(run("x")["task_instances"])
    assert 8 <= len(slices_parsed) <= 12


def test_a_refresh_in_slices_of_scattered_rows_gives_what_a_load_gives(tmp_path, monkeypatch,
                                                                       slices_parsed):  # fmt: skip
    """A refresh picks the raw rows that lag, here and there in raw: each slice parses only
    those of its range."""
    monkeypatch.setattr(model_module, "MODEL_SLICE_BYTES", 1)  # a slice per record
    loaded, landed = fresh(tmp_path / "load.duckdb"), fresh(tmp_path / "land.duckdb")
    for batch in batches():
        load_frame(loaded, frame(batch))
        land_frame(landed, frame(batch))
        refresh_model(landed)
    assert snapshot(loaded) == snapshot(landed)
    assert len(slices_parsed) >= 5


def test_an_import_ends_a_batch_of_wide_lines_sooner(monkeypatch):
    monkeypatch.setattr(importer, "WIDE_BATCH_BYTES", 100_000)
    wide = ("w" * 30_000 + "\n").encode() * 10
    narrow = ("n" * 1_000 + "\n").encode() * 300
    sizes = [
        len(b.lines) for b in importer._batches(io.BytesIO(wide + narrow), 20_000, 2**30, 2**20, 1)
    ]
    # wide lines: a batch ends at 100,000 bytes (four lines); narrow ones keep to the count
    assert sizes[:2] == [4, 4]
    assert sum(sizes) == 310 and sizes[-1] > 100
