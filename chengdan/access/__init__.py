"""The permission engine: policies per resource, compiled into query filters and object checks."""
