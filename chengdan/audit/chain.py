"""The hash over one entry: canonical JSON of its content plus the previous hash."""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "user_agent",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "data",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def entry_hash(content: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the entry's fields in a fixed order, chained to `prev_hash`."""
    payload = json.dumps(
        [prev_hash, [_canonical(content[name]) for name in HASHED_FIELDS]],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
