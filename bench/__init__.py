"""Benchmarks: the app against the raw-SQL physical limit on the same machine and data."""
