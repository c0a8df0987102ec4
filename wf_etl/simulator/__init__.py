"""A local stand-in for the Amperity Workflow API: real HTTP, a seeded tenant history, faults.

Only tests, bench scripts and the CLI import this package; the pipeline never does.
"""

from wf_etl.simulator.server import LoggedRequest, Simulator

__all__ = ["LoggedRequest", "Simulator"]
