"""Load a JSON Lines file of verbose run records (an export, a replay, the benchmark).

The file is streamed in batches of lines so memory stays bounded whatever its size; each
batch is landed and modelled by the same SQL as an API sync, in its own transactions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import duckdb

from wf_etl.warehouse.land import incoming_frame, land_frame
from wf_etl.warehouse.model import refresh_model
from wf_etl.warehouse.principals import hash_principal_emails
from wf_etl.warehouse.records import LandResult, ModelResult

# 20,000 runs carry some 100,000-200,000 tasks: more than one DuckDB row group (122,880 rows),
# which DuckDB writes straight to the database file instead of through the WAL. On the load
# bench this is a sixth faster than 10,000, and larger batches only add memory.
DEFAULT_BATCH_LINES = 20_000
# Settings for the length of an import, restored afterwards. DuckDB's default memory limit is
# 80% of RAM; an import needs far less and must not crowd the machine. Checkpointing at the
# default 16 MB of WAL would rewrite raw's growing row group (payloads included) after every
# batch, which costs more than the import itself: checkpoint once, at the end, instead. Row
# order within a table carries no meaning here (ordinal is a column), so DuckDB may drop it.
IMPORT_SETTINGS = {
    "memory_limit": "1GB",
    "checkpoint_threshold": "4GB",
    "preserve_insertion_order": "false",
}


def import_jsonl(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike[str],
    tenant: str | None = None,
    batch_lines: int = DEFAULT_BATCH_LINES,
    hash_emails: bool = False,
) -> tuple[LandResult, ModelResult]:
    """Land and model every record of the file; bad lines become rejections naming their line.

    The tenant comes from each record's "tenant" field, else from `tenant`. Blank lines are
    not records and are skipped. Each batch commits on its own: a crash half-way leaves the
    batches before it loaded, and importing the file again completes it. With `hash_emails`,
    principal emails become digests before a line is stored (see principals.py).
    """
    path = Path(path)
    fetched_at = datetime.now(UTC)
    source = f"import:{path.name}"
    landed = LandResult(landed=0, rejected=0, resolved=0)
    modelled = ModelResult(runs=0, tasks=0, errors=0)
    with _settings(con, IMPORT_SETTINGS):
        # Landing batch n+1 overlaps modelling batch n on a second cursor, so both cores work.
        # The two never write the same table (land: raw and rejections; refresh: the model), so
        # they cannot conflict, and the last refresh starts after the last land.
        model_con = con.cursor()
        try:
            with ThreadPoolExecutor(max_workers=1) as modeller:
                modelling: Future[ModelResult] | None = None
                for numbers, lines in _batches(path, batch_lines):
                    lines = hash_principal_emails(lines) if hash_emails else lines
                    frame = incoming_frame(
                        lines, fetched_at, default_tenant=tenant, sources=source,
                        line_numbers=numbers,
                    )  # fmt: skip
                    landed += land_frame(con, frame)
                    if modelling is not None:
                        modelled += modelling.result()
                    modelling = modeller.submit(refresh_model, model_con)
                if modelling is not None:
                    modelled += modelling.result()
        finally:
            model_con.close()
        con.execute("checkpoint")
    return landed, modelled


@contextmanager
def _settings(con: duckdb.DuckDBPyConnection, settings: dict[str, str]) -> Iterator[None]:
    """Apply DuckDB settings for the block and put the previous values back."""
    previous = {
        name: con.execute("select current_setting($name)", {"name": name}).fetchone()[0]
        for name in settings
    }
    try:
        for name, value in settings.items():
            con.execute(f"set {name} = '{value}'")
        yield
    finally:
        for name, value in previous.items():
            con.execute(f"set {name} = '{value}'")


def _batches(path: Path, size: int) -> Iterator[tuple[list[int], list[str]]]:
    """(line numbers, lines) in groups of `size` non-blank lines, 1-based numbering."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        numbered = ((n, line.rstrip("\r\n")) for n, line in enumerate(handle, start=1))
        records = ((n, line) for n, line in numbered if line.strip())
        while chunk := list(islice(records, size)):
            numbers, lines = zip(*chunk, strict=True)
            yield list(numbers), list(lines)
