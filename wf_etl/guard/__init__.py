"""The runaway-workflow guard: flag, and under an explicit policy stop, runs far past their limit.

No Dagster here: `wf_etl.defs.guard` (the sensor) and `wf-etl guard` / `wf-etl stop` call it.
"""

from wf_etl.guard.audit import GuardAction
from wf_etl.guard.evaluate import Decision, InFlightRun, decide, list_in_flight
from wf_etl.guard.policy import Policy, PolicyError, Rule, load_policy, parse_policy
from wf_etl.guard.stopper import StopResult, stop_safely
from wf_etl.guard.sweep import SweepReport, sweep

__all__ = [
    "Decision",
    "GuardAction",
    "InFlightRun",
    "Policy",
    "PolicyError",
    "Rule",
    "StopResult",
    "SweepReport",
    "decide",
    "list_in_flight",
    "load_policy",
    "parse_policy",
    "stop_safely",
    "sweep",
]
