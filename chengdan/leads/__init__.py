"""Leads from every channel, assignment rules, public pools (公海) with take-back rules, and conversion."""
