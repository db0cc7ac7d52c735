"""Opportunities: pipelines with gated stages, deals and their stage history, targets and forecasts."""
