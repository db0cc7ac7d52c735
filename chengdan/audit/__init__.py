"""The append-only, hash-chained audit log, fed by the core event bus."""
