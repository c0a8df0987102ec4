"""Failure-attribution analytics: the views in sql/analytics and the analyst's report."""

from wf_etl.analytics.views import apply_views, headline

__all__ = ["apply_views", "headline"]
