"""The one writer: load landed batches into the working database, bring the model up to date,
publish the lake and the analysts' database.

Every step is short and idempotent, so it may run after each batch, at the end of a sync, or
again after a crash: a batch is landed in its own transaction and then recorded; a batch
landed but not yet recorded (killed in between) lands again as the same rows. The model lags
raw and catches up; the lake lags the model and catches up (lake_partitions marks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial

import duckdb

from wf_etl.lake.adopt import NotAWarehouseError, adopt_single_file_warehouse
from wf_etl.lake.analysts import publish_analysts_database
from wf_etl.lake.publish import Lake, PublishResult, publish_lake
from wf_etl.landing import BatchFile, LandingZone
from wf_etl.settings import DEFAULT_LOCK_TIMEOUT_S, StorageLayout
from wf_etl.warehouse import (
    LandResult,
    ModelResult,
    WarehouseError,
    load_records,
    open_warehouse,
    refresh_model,
)
from wf_etl.warehouse.execution import execute_file
from wf_etl.warehouse.importer import bulk_settings
from wf_etl.warehouse.lean import lean

Say = Callable[[str], None]
# One process may drain the zone from a thread while a Dagster step loads too.
_one_loader = threading.Lock()
# Batch files loaded per writing session (load_pending): 500 runs at the default batch size.
# A session holds what it wrote until it closes, so a backlog (a loader that was down, a fetch
# far faster than the writer) is loaded one batch per session, each ending with a publish: a
# session on the 105,387-run warehouse of bench/memory.py peaked at +26 MB with one batch, +32
# with two, +36 with four (four took 4.2 s for the 2,000 runs, one batch a session 5.3 s).
GROUP_BATCHES = 1
# DuckDB threads of a loader session. Its work is a few batches, not a scan of the warehouse,
# and DuckDB's per-thread state is what such a session holds beyond its batches: a 35,000-run
# sync at 400 requests/s peaked at 451 MB with two threads, 408 MB with one.
LOADER_THREADS = 1
# A loader session's publish: raw's partitions in pieces of this many runs (publish_lake says
# why) under this memory limit first, then the lean one. Written whole, a busy day's raw
# partition took each session on a large warehouse to the lean limit (64 MB) whatever its batch.
PUBLISH_PIECE_ROWS = 1000
PUBLISH_MEMORY_LIMIT = "24MB"
# The model's catch-up (refresh_model) first tries this limit: when nothing lags (the common
# case) it is a streamed scan of raw's and the model's ids, and DuckDB keeps the blocks it
# reads up to its limit. Beside the 105,387 runs of bench/memory.py it took +26 MB under 24 MB,
# +10 MB under 8 MB and +6 MB under 4 MB; beside 924 runs, +2 MB. Work that lags does not fit
# and is done again under the lean limit.
CATCH_UP_MEMORY_LIMIT = "8MB"


@dataclass
class LoadOutcome:
    """What one pass of the loader did, for progress lines and asset metadata."""

    batches: int = 0
    records: int = 0
    land: LandResult = field(default_factory=lambda: LandResult(landed=0, rejected=0, resolved=0))
    model: ModelResult = field(default_factory=lambda: ModelResult(0, 0, 0))
    published: PublishResult = field(default_factory=PublishResult)
    analysts_written: bool = False

    def __add__(self, other: LoadOutcome) -> LoadOutcome:
        return LoadOutcome(
            batches=self.batches + other.batches,
            records=self.records + other.records,
            land=self.land + other.land,
            model=self.model + other.model,
            published=self.published + other.published,
            analysts_written=self.analysts_written or other.analysts_written,
        )


@contextmanager
def writing(
    layout: StorageLayout,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    on_wait: Say | None = None,
    publish_on_exit: bool = True,
    bulk_publish: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The working database, read-write, for one short piece of work; on success the lake and
    the analysts' database are brought up to date before the file is let go.

    `bulk_publish` gives that publish the memory of an import (BULK_SETTINGS): after an import
    or a rebuild it writes the whole lake, which for 100,000 runs took 2.9 s at that limit
    against 3.4 s under a sync session's.
    """
    with _one_loader:
        try:
            adopt_single_file_warehouse(layout)
        except (NotAWarehouseError, OSError, duckdb.Error) as exc:
            raise WarehouseError(str(exc)) from None
        with open_warehouse(
            layout.working_path, lock_timeout_s=lock_timeout_s, on_wait=on_wait
        ) as con:
            yield con
            if publish_on_exit:
                with bulk_settings(con) if bulk_publish else nullcontext():
                    publish(con, layout)


def publish(
    con: duckdb.DuckDBPyConnection, layout: StorageLayout, *, piece_rows: int | None = None
) -> tuple[PublishResult, bool]:
    lake = Lake(layout.lake_url)
    published = publish_lake(con, lake, piece_rows=piece_rows)
    written = publish_analysts_database(con, lake, layout.analysts_path)
    return published, written


def catch_up(
    con: duckdb.DuckDBPyConnection, layout: StorageLayout
) -> tuple[ModelResult, PublishResult]:
    """The model brought in line with raw, then the lake and the analysts' database, with the
    memory of a loader session, not of the warehouse: the step that ends every sync, where a
    backfill of 105,387 runs peaked (+42 MB under the general limit)."""
    outcome = LoadOutcome()
    _catch_up(con, layout, outcome)
    return outcome.model, outcome.published


def _catch_up(con: duckdb.DuckDBPyConnection, layout: StorageLayout, into: LoadOutcome) -> None:
    """The end of every loader session and of a sync: the model's catch-up, then the publish,
    each its own piece of lean work (added to `into` once it is done)."""
    lean(
        con,
        partial(_catch_up_model, con, into),
        "the model's catch-up",
        first=CATCH_UP_MEMORY_LIMIT,
    )
    lean(
        con,
        partial(_publish_group, con, layout, into),
        "a loader session's publish",
        first=PUBLISH_MEMORY_LIMIT,
    )


def load_pending(
    layout: StorageLayout,
    *,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    on_wait: Say | None = None,
    say: Say = lambda _msg: None,
) -> LoadOutcome:
    """Land and model every whole batch file of the landing zone, oldest first, and publish.

    Batches are taken GROUP_BATCHES at a time, each group in a session of its own that ends
    with a publish: DuckDB keeps what a session wrote in its memory until the connection
    closes, so a backlog of hundreds of batches (a loader that was down, a fetch far faster
    than the writer) costs the memory of one group, and the lake fills group by group.
    Files are removed only after the lake is published, so fetch planning (which reads the
    lake and the zone) never loses sight of a run between the two.
    """
    zone = LandingZone(layout.landing_url)
    outcome = LoadOutcome()
    rounds: int | None = None  # the backlog found first, in groups; later arrivals wait
    while rounds is None or rounds > 0:
        with writing(
            layout, lock_timeout_s=lock_timeout_s, on_wait=on_wait, publish_on_exit=False
        ) as con:
            con.execute(f"set threads = {LOADER_THREADS}")
            batches = zone.pending()  # listed while holding the file: no other loader loads
            if rounds is None:
                rounds = -(-len(batches) // GROUP_BATCHES) or 1
            group = batches[:GROUP_BATCHES]
            # done again if it runs out of the lean limit: the batches it committed by then are
            # recorded as loaded, so the second pass skips them and adds to the same counts
            loaded = LoadOutcome()
            lean(con, partial(_load_group, con, zone, group, loaded), "a loader session")
            _catch_up(con, layout, loaded)
        for batch in group:
            zone.remove(batch)
        if loaded.batches:
            say(
                f"loaded {loaded.batches} batches ({loaded.records} records): "
                f"{loaded.land.landed} runs landed, {loaded.land.rejected} rejected; "
                f"{loaded.published.partitions} lake partitions published"
            )
        outcome = outcome + loaded
        rounds = rounds - 1 if len(batches) > GROUP_BATCHES else 0
    return outcome


def _load_group(
    con: duckdb.DuckDBPyConnection,
    zone: LandingZone,
    group: list[BatchFile],
    loaded: LoadOutcome,
) -> None:
    """Land and model the group's batches not loaded yet, each in a transaction; what was done
    is added to `loaded`."""
    done = _loaded_names(con, group)
    for batch in group:
        if batch.name in done:
            continue
        records = zone.read_if_present(batch)
        landed, modelled = load_records(con, records)
        loaded.land, loaded.model = loaded.land + landed, loaded.model + modelled
        execute_file(
            con,
            "transform/land/60_record_batch.sql",
            {"name": batch.name, "tenant": batch.tenant, "records": len(records)},
        )
        loaded.batches += 1
        loaded.records += len(records)


def _catch_up_model(con: duckdb.DuckDBPyConnection, loaded: LoadOutcome) -> None:
    """Model the runs an earlier load left lagging (none, but for a crash in between)."""
    loaded.model = loaded.model + refresh_model(con)


def _publish_group(
    con: duckdb.DuckDBPyConnection, layout: StorageLayout, loaded: LoadOutcome
) -> None:
    """Publish what the group changed; added to `loaded` once it is done."""
    published, written = publish(con, layout, piece_rows=PUBLISH_PIECE_ROWS)
    loaded.published = loaded.published + published
    loaded.analysts_written = loaded.analysts_written or written


def _loaded_names(con: duckdb.DuckDBPyConnection, batches: list[BatchFile]) -> set[str]:
    if not batches:
        return set()
    rows = execute_file(
        con, "transform/land/61_loaded_batches.sql", {"names": [b.name for b in batches]}
    ).fetchall()
    return {row[0] for row in rows}
