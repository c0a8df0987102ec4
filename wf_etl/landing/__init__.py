"""The landing zone: batch files fetchers append and the one writer loads (any fsspec URL)."""

from wf_etl.landing.zone import BatchFile, LandingZone

__all__ = ["BatchFile", "LandingZone"]
