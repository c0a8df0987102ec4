"""error_message_family: messages that differ only by names, ids or numbers share a family."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from wf_etl.sql_files import read_sql


@pytest.fixture(scope="module")
def family() -> Iterator:
    con = duckdb.connect()
    con.execute(read_sql("analytics/00_error_message_family.sql"))

    def of(message: str | None) -> str | None:
        return con.execute("select error_message_family(?)", [message]).fetchone()[0]

    yield of
    con.close()


SAME_FAMILY = [
    (
        "Found table in an invalid state:\nloyalty_members. This error can be caused by a stitch.",
        "Found table in an invalid state:\norders. This error can be caused by a stitch.",
    ),
    (
        "Column 'email_address' not found in table [Customer360]",
        'Column "phone" not found in table [Unified_Coalesced]',
    ),
    (
        "Task wft-20240619-14574-6kyYdY timed out after 3600000 ms",
        "Task wft-20240620-11111-AbCdEf timed out after 7200000 ms",
    ),
    (
        "Destination sftp_upload_2 rejected 15 rows at 2024-06-19T10:00:00Z",
        "Destination braze_sync rejected 3 rows at 2024-06-20T11:12:13Z",
    ),
    (
        "Could not read s3://bucket-a/exports/x.csv: access denied",
        "Could not read /mnt/data/feed.csv: access denied",
    ),
    (
        "Spark job 4f3b2a1c-1111-2222-3333-444455556666 lost executor on db.loyalty_members",
        "Spark job 0a0b0c0d-aaaa-bbbb-cccc-ddddeeeeffff lost executor on prod.orders",
    ),
    ("Query  failed:\n\n  relation `LoyaltyMembers` missing", "Query failed: relation `x` missing"),
]

DIFFERENT_FAMILY = [
    ("Courier group failed: out of memory", "Courier group failed: credentials expired"),
    ("Found table in an invalid state: orders.", "Found table in a locked state: orders."),
    ("Destination braze_sync rejected 3 rows", "Destination braze_sync accepted 3 rows"),
]


@pytest.mark.parametrize(("first", "second"), SAME_FAMILY)
def test_messages_differing_only_by_names_share_a_family(family, first, second):
    assert family(first) == family(second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT_FAMILY)
def test_messages_differing_in_words_stay_apart(family, first, second):
    assert family(first) != family(second)


def test_family_text_keeps_the_words_and_marks_what_was_replaced(family):
    assert family("Found table in an invalid state:\nloyalty_members. See docs.") == (
        "Found table in an invalid state: <name>. See docs."
    )
    assert family("Task wft-20240619-14574-6kyYdY timed out after 3600000 ms") == (
        "Task <id> timed out after <n> ms"
    )
    assert family("Column 'email' not found in [Customer360]") == (
        "Column '<str>' not found in [<name>]"
    )
    assert family(None) is None
