"""The DuckDB warehouse: land raw run records, flatten them into the model, all in sql/.

No HTTP and no Dagster here: the API client fetches, the Dagster layer and the CLI call these.
"""

from wf_etl.warehouse.connect import (
    WarehouseError,
    WarehouseLockedError,
    WarehouseMemoryError,
    connect,
    open_warehouse,
)
from wf_etl.warehouse.importer import import_jsonl
from wf_etl.warehouse.land import (
    incoming_frame,
    land_frame,
    land_raw,
    load_frame,
    load_records,
)
from wf_etl.warehouse.model import rebuild_model, refresh_model
from wf_etl.warehouse.principals import hash_principal_email
from wf_etl.warehouse.records import FetchedRecord, LandResult, ModelResult
from wf_etl.warehouse.schema import apply_schema

__all__ = [
    "FetchedRecord",
    "LandResult",
    "ModelResult",
    "WarehouseError",
    "WarehouseLockedError",
    "WarehouseMemoryError",
    "apply_schema",
    "connect",
    "hash_principal_email",
    "import_jsonl",
    "incoming_frame",
    "land_frame",
    "land_raw",
    "load_frame",
    "load_records",
    "open_warehouse",
    "rebuild_model",
    "refresh_model",
]
