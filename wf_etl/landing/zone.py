"""Batch files of fetched records: gzip JSON Lines, one file per batch, per tenant.

A fetcher writes each batch under a temporary name and renames it into place, so a file that
exists is whole: a fetcher killed mid-batch loses only that batch. Files are named by the UTC
instant they were written, so loading them in name order replays the fetches in order. The
zone is an fsspec URL (a local folder by default, `s3://...` or any other fsspec filesystem
by configuration), because fetchers may run on machines that share no disk with the writer.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import fsspec

from wf_etl.warehouse.records import FetchedRecord

SUFFIX = ".jsonl.gz"
_sequence = itertools.count()


@dataclass(frozen=True, order=True)
class BatchFile:
    """One landed batch; `name` orders batches by when they were written."""

    name: str
    tenant: str
    path: str  # as the zone's filesystem names it


class LandingZone:
    """Append-only batches of FetchedRecord, grouped by tenant."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.root = fsspec.core.url_to_fs(url)

    def _folder(self, tenant: str) -> str:
        return f"{self.root.rstrip('/')}/tenant={tenant}"

    def write_batch(self, tenant: str, records: Iterable[FetchedRecord]) -> BatchFile:
        """Write records as one whole file (temporary name, then rename)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"{stamp}-{os.getpid()}-{next(_sequence):06d}-{uuid.uuid4().hex[:6]}{SUFFIX}"
        folder = self._folder(tenant)
        self.fs.makedirs(folder, exist_ok=True)
        final, temporary = f"{folder}/{name}", f"{folder}/.{name}.partial"
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=3, mtime=0) as out:
            for record in records:
                out.write(json.dumps(_envelope(record)).encode("utf-8"))
                out.write(b"\n")
        with self.fs.open(temporary, "wb") as handle:
            handle.write(buffer.getvalue())
            if hasattr(handle, "flush"):
                handle.flush()
            fileno = getattr(handle, "fileno", None)
            if callable(fileno):
                with contextlib.suppress(OSError, io.UnsupportedOperation):
                    os.fsync(fileno())
        self.fs.mv(temporary, final)
        return BatchFile(name=name, tenant=tenant, path=final)

    def pending(self, tenant: str | None = None) -> list[BatchFile]:
        """Whole batch files not yet removed, oldest first."""
        pattern = f"{self._folder(tenant) if tenant else self.root.rstrip('/') + '/tenant=*'}"
        found = []
        for path in self.fs.glob(f"{pattern}/*{SUFFIX}"):
            folder, name = path.rsplit("/", 1)
            if name.startswith("."):
                continue
            found.append(BatchFile(name=name, tenant=folder.rsplit("tenant=", 1)[-1], path=path))
        return sorted(found)

    def read_if_present(self, batch: BatchFile) -> list[FetchedRecord]:
        """The records, or none if a loader removed the file since it was listed."""
        try:
            return self.read(batch)
        except FileNotFoundError:
            return []

    def read(self, batch: BatchFile) -> list[FetchedRecord]:
        with (
            self.fs.open(batch.path, "rb") as handle,
            gzip.open(handle, "rt", encoding="utf-8") as f,
        ):
            return [_record(json.loads(line)) for line in f if line.strip()]

    def remove(self, batch: BatchFile) -> None:
        """Forget a loaded batch; another loader may have removed it already."""
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm(batch.path)


def _envelope(record: FetchedRecord) -> dict[str, object]:
    return {
        "tenant": record.tenant,
        "run_id": record.run_id,
        "fetched_at": record.fetched_at.astimezone(UTC).isoformat(),
        "source": record.source,
        "error": record.error,
        "body": record.body,
    }


def _record(envelope: dict[str, object]) -> FetchedRecord:
    return FetchedRecord(
        tenant=str(envelope["tenant"]),
        fetched_at=datetime.fromisoformat(str(envelope["fetched_at"])),
        body=envelope.get("body"),  # type: ignore[arg-type]
        run_id=envelope.get("run_id"),  # type: ignore[arg-type]
        source=str(envelope.get("source") or "api"),
        error=envelope.get("error"),  # type: ignore[arg-type]
    )
