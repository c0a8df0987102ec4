"""The safe stop sequence: check the audit trail, re-read the run, then stop it once.

A listing can be minutes old by the time the guard acts, and a stop is not idempotent, so the
run is read again right before the stop and left alone if it has ended or is already stopping.
Every way this can end is an outcome to record, not an exception to crash on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wf_etl.amperity import (
    AmperityClient,
    AmperityError,
    BadRequestError,
    NotFoundError,
    canonical_state,
)

TERMINAL = frozenset({"succeeded", "failed", "canceled", "cancelled", "stopped", "skipped"})
STOPPED_STATES = frozenset({"stopped", "canceled", "cancelled"})


@dataclass(frozen=True)
class StopResult:
    """What the stop sequence did; `answer` is the API's body when the stop was accepted."""

    outcome: str
    state: str | None
    detail: str
    api_status: int | None = None
    request_id: str | None = None
    answer: dict[str, Any] | None = None


def _failure(exc: AmperityError, what: str) -> StopResult:
    if isinstance(exc, NotFoundError):
        return StopResult(
            "not_found",
            None,
            f"{what}: the API does not know this run (404)",
            exc.status,
            exc.request_id,
        )
    return StopResult("error", None, f"{what}: {exc.message}", exc.status, exc.request_id)


def stop_safely(
    client: AmperityClient,
    run_id: str,
    *,
    stopped_at: datetime | None = None,
    before_stop: Callable[[], None] | None = None,
) -> StopResult:
    """Stop `run_id` unless the guard already did (`stopped_at`), or it is no longer running.

    `before_stop` runs between the re-read and the stop request; tests use it to end the run
    in that gap, the race the 400 answer covers.
    """
    if stopped_at is not None:
        return StopResult(
            "already_stopped_by_guard",
            None,
            f"a stop was accepted at {stopped_at.isoformat()}; never sent twice",
        )
    try:
        current = client.get_run(run_id, view="overview")
    except AmperityError as exc:
        return _failure(exc, "re-reading the run")
    state = canonical_state(current.get("state")) or None
    read_id = client.last_request_id
    if state in TERMINAL:
        return StopResult(
            "already_ended", state, f"the run is {state}; nothing to stop", 200, read_id
        )
    if state == "stopping":
        return StopResult("already_stopping", state, "a stop is already under way", 200, read_id)
    if before_stop is not None:
        before_stop()
    try:
        answer = client.stop_run(run_id)
    except BadRequestError as exc:
        return _after_refusal(client, run_id, exc)
    except AmperityError as exc:
        return _failure(exc, "stopping the run")
    after = canonical_state(answer.get("state")) or None
    if after in TERMINAL - STOPPED_STATES:
        # stop_run re-read a run that finished on its own after an unanswered stop
        return StopResult(
            "already_ended",
            after,
            f"the run is {after}; nothing to stop",
            200,
            client.last_request_id,
            answer,
        )
    return StopResult(
        "stopped", after, f"stop accepted; the run is {after}", 200, client.last_request_id, answer
    )


def _after_refusal(client: AmperityClient, run_id: str, exc: BadRequestError) -> StopResult:
    """A 400 to a stop usually means the run ended in the gap since the re-read; read it once
    more to tell that apart from a request the API rejects for another reason."""
    try:
        state = canonical_state(client.get_run(run_id, view="overview").get("state")) or None
    except AmperityError:
        state = None
    refused = f"the API refused the stop: {exc.message}"
    if state in TERMINAL:
        return StopResult("already_ended", state, refused, exc.status, exc.request_id)
    if state == "stopping":
        return StopResult("already_stopping", state, refused, exc.status, exc.request_id)
    return StopResult("error", state, refused, exc.status, exc.request_id)
