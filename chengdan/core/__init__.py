"""Shared kernel: base models, errors, pagination, versioning, idempotency and the event bus."""
