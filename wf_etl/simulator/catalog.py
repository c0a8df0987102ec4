"""What a tenant's workflows are made of: types, named workflows, task shapes, error families.

Drawn from the Amperity docs (workflow types, task labels, execution types, error examples) so
the simulated history exercises the same vocabulary a real tenant sends. Immutable data only.
"""

from __future__ import annotations

from typing import NamedTuple


class WorkflowType(NamedTuple):
    type: str
    names: tuple[str, ...]  # named workflows of this type; each recurs
    median_s: float  # typical runtime; lognormal around it
    sigma: float
    writes_sql: bool  # only these carry warn_after_ms
    tasks: tuple[str, ...]  # keys into TASK_KINDS, cycled to build a run's plan
    weight: float  # share of all runs


class TaskKind(NamedTuple):
    labels: tuple[str, ...]  # may hold {table} {db} {query} {schema} {treatment}
    definition_type: str | None
    execution_types: tuple[str, ...]
    definition_prefix: str | None  # None: task_definition_id absent for this kind
    timeout_share: float  # probability that the task carries timeout_ms
    has_run_id: bool


TASK_KINDS: dict[str, TaskKind] = {
    "resolve": TaskKind(("Resolving input tasks",), None, ("legacy",), None, 0.0, False),
    "ingest": TaskKind(
        ("Updating {table}", "Loading files for {table}"),
        "courier.load",
        ("prodigal", "prodigal-aurora"),
        "ab-courier-load",
        0.8,
        True,
    ),
    "domain": TaskKind(
        ("Updating domain tables", "Truncating tables", "Migrating {schema} schema"),
        "domain.update",
        ("spark-sql", "databricks"),
        "ab-domain",
        0.6,
        True,
    ),
    "stitch": TaskKind(
        ("Running Stitch", "Updating {table}"), "stitch.run", ("identity",), "ab-stitch", 0.0, True
    ),
    "dbgen": TaskKind(
        ("Generating database", "Updating {table}"),
        "database.generate",
        ("spark-sql", "databricks"),
        "ab-create-view-db",
        0.9,
        True,
    ),
    "validate": TaskKind(
        ("Validating database {db}",),
        "database.validate",
        ("spark-sql",),
        "ab-validate-db",
        0.5,
        True,
    ),
    "query": TaskKind(
        ("Runing query: {query}", "Getting query results"),
        "query.run",
        ("spark-sql", "prodigal"),
        "ab-query",
        0.7,
        True,
    ),
    "segment": TaskKind(
        ("Running segment", "Getting segment results", "Recording segment tracking history"),
        "segment.run",
        ("spark-sql",),
        "ab-segment",
        0.6,
        True,
    ),
    "send": TaskKind(
        ("Sending treatment {treatment} to destination - {dest}",),
        "campaign.send",
        ("prodigal", "task-identity"),
        "send/ct",
        0.7,
        True,
    ),
    "append": TaskKind(
        ("Appending outputs of treatment {treatment} into campaign recipients table",),
        "campaign.append-results",
        ("spark-sql",),
        "ab-append-results",
        0.5,
        True,
    ),
    "bridge": TaskKind(
        ("Syncing tables", "Updating {table}"),
        "bridge.sync",
        ("databricks",),
        "ab-bridge-sync",
        0.4,
        True,
    ),
    "delete": TaskKind(
        ("Deleting records",), "privacy.delete", ("legacy", "prodigal"), None, 0.3, False
    ),
    "predict": TaskKind(
        ("Training model for {table}", "Scoring {table}"),
        "predictive.run",
        ("databricks",),
        "ab-predictive",
        0.9,
        True,
    ),
}

WORKFLOW_TYPES: tuple[WorkflowType, ...] = (
    WorkflowType(
        "courier.group/run",
        ("Daily loyalty refresh", "Hourly POS ingest", "Ecommerce orders load"),
        900,
        0.7,
        False,
        ("resolve", "ingest", "ingest", "ingest", "domain"),
        3.0,
    ),
    WorkflowType(
        "amperity.orchestration.orchestration/run",
        ("Braze", "Send audiences to Braze", "Facebook Ads daily", "Nightly exports"),
        600,
        0.8,
        False,
        ("resolve", "query", "send", "send"),
        2.0,
    ),
    WorkflowType(
        "campaign.fetch",
        ("Spring promo results", "Welcome series results"),
        300,
        0.6,
        False,
        ("query", "append"),
        1.2,
    ),
    WorkflowType(
        "campaign.send",
        ("Weekly newsletter", "Winback campaign", "VIP early access"),
        420,
        0.6,
        False,
        ("segment", "send", "append"),
        1.5,
    ),
    WorkflowType(
        "amperity.database/run",
        ("Customer 360 refresh", "Marketing database"),
        2700,
        0.6,
        True,
        ("dbgen", "dbgen", "dbgen", "validate"),
        1.5,
    ),
    WorkflowType(
        "stitch.run",
        ("Nightly Stitch",),
        5400,
        0.5,
        True,
        ("resolve", "domain", "stitch", "stitch"),
        0.7,
    ),
    WorkflowType(
        "bridge.sync",
        ("Databricks bridge sync", "Snowflake share"),
        600,
        0.7,
        True,
        ("bridge", "bridge"),
        0.9,
    ),
    WorkflowType(
        "ingest.run",
        ("Manual file upload", "SFTP returns feed"),
        240,
        0.8,
        False,
        ("ingest", "domain"),
        0.8,
    ),
    WorkflowType(
        "predictive.run",
        ("Predicted CLV", "Churn propensity"),
        7200,
        0.5,
        True,
        ("predict", "predict", "dbgen"),
        0.4,
    ),
    WorkflowType(
        "privacy.ccpa-delete", ("CCPA delete requests",), 180, 0.5, False, ("delete", "domain"), 0.3
    ),
)

TABLES = (
    "loyalty_members",
    "pos_transactions",
    "email_engagement",
    "ecomm_orders",
    "Unified_Coalesced",
    "Merged_Customers",
    "unified_scores",
    "Customer_Attributes",
    "store_locations",
    "web_sessions",
    "product_catalog",
    "returns",
)
DATABASES = ("Customer_360", "Marketing_DB", "Analytics")
TREATMENTS = ("customer_attribute_group", "high_value", "lapsed_90d", "vip_tier")
DESTINATIONS = ("S3", "Braze", "Facebook Ads", "Google Ads", "SFTP")
HUMANS = (
    ("Justin Scott", "justin.scott"),
    ("Maria Garcia", "maria.garcia"),
    ("Wei Chen", "wei.chen"),
    ("Aisha Khan", "aisha.khan"),
    ("Tom Becker", "tom.becker"),
)

CANCEL_TYPE = "amperity.workflow.workflow.repository.core/cancel"
CANCEL_MESSAGE = "Workflow manually stopped"


class ErrorFamily(NamedTuple):
    attribution: str
    type: str
    template: str  # {table} {db} {n} {m} {dest} {tenant} {col}
    weight: float


ERRORS: tuple[ErrorFamily, ...] = (
    ErrorFamily(
        "customer",
        "amperity.workflow.task.stitch/table",
        "Found table in an invalid state:\n{table}. This error can be\n"
        "resolved by removing this table\nor by loading data to the table.",
        3,
    ),
    ErrorFamily(
        "customer",
        "amperity.workflow.task.courier/file-not-found",
        "No files found for courier {table}-courier\nmatching pattern "
        "{table}_*.csv\nin the last {n} hours.",
        3,
    ),
    ErrorFamily(
        "customer",
        "amperity.workflow.task.spark-sql/analysis-exception",
        "Error in SQL for table {table}:\ncannot resolve column '{col}' given "
        "input columns.\nLine {n}, position {m}.",
        2,
    ),
    ErrorFamily(
        "customer",
        "amperity.workflow.task.database/validation",
        "Validation failed for database {db}:\n{n} rows in {table} have a null primary key.",
        2,
    ),
    ErrorFamily(
        "customer",
        "amperity.workflow.task.campaign/destination-auth",
        "Destination {dest} rejected the credentials:\n401 Unauthorized. Update "
        "the credentials\nfor this destination and rerun.",
        1,
    ),
    ErrorFamily(
        "platform",
        "amperity.workflow.task.spark/oom",
        "Spark executor ran out of memory while\nprocessing {table} (stage {n}).\n"
        "Rerunning the workflow usually resolves this.",
        3,
    ),
    ErrorFamily(
        "platform",
        "amperity.platform.aws.s3/throttled",
        "S3 throttled requests (503 Slow Down) while\nreading s3://amperity-{tenant}-{n}/{table}/.",
        2,
    ),
    ErrorFamily(
        "platform",
        "amperity.platform.databricks/cluster-unavailable",
        "Databricks cluster cl-{n}-{m} was unavailable\nafter {m} attempts.",
        2,
    ),
    ErrorFamily(
        "platform",
        "amperity.workflow.task.prodigal/worker-lost",
        "Lost contact with worker {n} while\nrunning task for {table}.",
        1,
    ),
)
COLUMNS = ("amperity_id", "email", "order_datetime", "loyalty_tier", "postal")
