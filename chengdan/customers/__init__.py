"""Customers (companies): owned, department-scoped and shareable master records."""
