"""Property: whatever the API answers, every listed run ends loaded or rejected with a reason.

Hypothesis writes the answers: any JSON value (objects, arrays, scalars, odd unicode), records
that are nearly right, JSON nested far deeper than any parser's recursion limit, strings
larger than the answer cap, bytes that are not JSON or not UTF-8, and error statuses. They are
served by the hostile server on 127.0.0.1, fetched by the real client (listing, then
get_runs) and landed with land_raw in a DuckDB file; nothing is mocked.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import fetch_all, hostile_config, land, outcomes
from tests.hostile.server import HostileServer, raw_answer
from tests.reliability.test_bad_records import json_values
from tests.reliability.test_bad_records import odd_text as text

CAP_MB = 2
timestamps = st.sampled_from(
    [
        "2026-06-01T10:00:00Z",
        "2026-06-01T10:00:00+05:30",
        "2026-06-01T10:00:00+05:30:45",
        "2026-06-01T10:00:00 Europe/Paris",
        "infinity",
        "epoch",
        "-24:00",
        "",
    ]
)


def nested(levels: int, opener: str) -> str:
    closer = {"[": "]", '{"a": ': "}"}[opener]
    return opener * levels + "0" + closer * levels


@st.composite
def answers(draw: st.DrawFn, run_id: str) -> tuple[int, bytes]:
    """(status, body) for one run."""
    record: dict[str, Any] = {
        "id": draw(st.sampled_from([run_id, run_id, "wf-other", 7, None])),
        "state": draw(st.sampled_from(["Succeeded", "failed", "", None])),
        "created_at": draw(timestamps),
    }
    record.update(draw(st.dictionaries(text, json_values, max_size=3)))
    kind = draw(st.sampled_from(["record", "record", "value", "deep", "huge", "bytes"]))
    if kind == "record":
        record["task_instances"] = draw(st.lists(json_values, max_size=3) | json_values)
        body = json.dumps(record).encode()
    elif kind == "value":
        body = json.dumps(draw(json_values)).encode()
    elif kind == "deep":
        levels = draw(st.sampled_from([500, 5_000, 50_000]))
        record["deep"] = "@"
        body = json.dumps(record).replace(
            '"@"', nested(levels, draw(st.sampled_from(["[", '{"a": '])))
        )
        body = body.encode()
    elif kind == "huge":
        record["notes"] = "é" * draw(st.sampled_from([10_000, CAP_MB * 2**20]))
        body = json.dumps(record, ensure_ascii=False).encode()
    else:
        body = draw(st.binary(max_size=200))
    status = draw(st.sampled_from([200] * 8 + [404, 500, 429]))
    return status, body


batch_ids = itertools.count()


def test_every_listed_run_ends_loaded_or_rejected_with_a_reason(tmp_path: Path) -> None:
    db = tmp_path / "wh.duckdb"
    with HostileServer() as server:
        config = hostile_config(server, max_answer_mb=CAP_MB, max_attempts=1)

        @settings(
            max_examples=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(data=st.data(), size=st.integers(1, 5))
        def one_batch(data: st.DataObject, size: int) -> None:
            server.answers.clear()
            batch = next(batch_ids)
            ids = [f"wf-{batch}-{i}" for i in range(size)]
            for run_id in ids:
                status, body = data.draw(answers(run_id), label=run_id)
                server.run(run_id, raw_answer(body, status))
            fetches = fetch_all(config)
            assert sorted(fetches) == sorted(ids)
            land(db, fetches.values())
            ended = outcomes(db)
            for run_id in ids:
                assert run_id in ended, f"{run_id} is neither loaded nor rejected"
                state, reason = ended[run_id]
                assert state == "loaded" or (reason and run_id in reason), (run_id, reason)

        one_batch()
