"""Appending to the audit log; nothing here updates or deletes an entry."""

import json
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from chengdan.audit.chain import entry_hash
from chengdan.audit.models import AuditEntry, AuditHead
from chengdan.core import bulk
from chengdan.core.context import current_request_context
from chengdan.core.events import Event


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _actor_name(actor_id: int | None, given: str) -> str:
    if given or actor_id is None:
        return given
    from chengdan.accounts.models import User

    user = User.objects.filter(pk=actor_id).only("username", "display_name").first()
    return user.name if user else ""


def append(
    *,
    action: str,
    actor_id: int | None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry to the chain under the head lock (appends are serialised on purpose).

    `actor_name` is the actor's display name when the caller has it (else it is looked up).
    """
    context = current_request_context()
    # No savepoint: a failure here fails the caller's whole write, which is what the audit requires.
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        content: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "at": datetime.now(UTC),
            "actor_id": actor_id,
            "actor_name": _actor_name(actor_id, actor_name)[:150],
            "ip": context.ip,
            "user_agent": context.user_agent,
            "action": action[:64],
            "object_type": object_type[:50],
            "object_id": str(object_id)[:64],
            "object_repr": object_repr[:255],
            "changes": _jsonable({key: list(pair) for key, pair in (changes or {}).items()}),
            "data": _jsonable(data or {}),
        }
        digest = entry_hash(content, head.last_hash)
        entry = AuditEntry.objects.create(**content, prev_hash=head.last_hash, entry_hash=digest)
        head.last_seq = content["seq"]
        head.last_hash = digest
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


# append_many writes rows in this order: the content's keys, then the two hashes.
ENTRY_COLUMNS = (
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
    "prev_hash",
    "entry_hash",
)


def append_many(events: list[Event]) -> None:
    """Append one entry per event under a single head lock: the same chain as one `append` each, in bulk."""
    context = current_request_context()
    names: dict[int | None, str] = {}
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        rows: list[list[Any]] = []
        for event in events:
            if event.actor_id not in names:
                names[event.actor_id] = _actor_name(event.actor_id, event.actor_name)[:150]
            content: dict[str, Any] = {
                "seq": head.last_seq + 1,
                "at": datetime.now(UTC),
                "actor_id": event.actor_id,
                "actor_name": names[event.actor_id],
                "ip": context.ip,
                "user_agent": context.user_agent,
                "action": event.name[:64],
                "object_type": event.subject_type[:50],
                "object_id": str(event.subject_id)[:64],
                "object_repr": event.subject_repr[:255],
                "changes": _jsonable({key: list(pair) for key, pair in dict(event.changes).items()}),
                "data": _jsonable(event.data or {}),
            }
            digest = entry_hash(content, head.last_hash)
            rows.append([*content.values(), head.last_hash, digest])
            head.last_seq, head.last_hash = content["seq"], digest
        # Through the driver (executemany / COPY): bulk_create's per-value preparation costs more than hashing.
        bulk.insert_rows(AuditEntry, ENTRY_COLUMNS, rows)
        head.save(update_fields=["last_seq", "last_hash"])


def record_event(event: Event) -> None:
    """Turn a published domain event into an audit entry."""
    append(
        action=event.name,
        actor_id=event.actor_id,
        object_type=event.subject_type,
        object_id=event.subject_id,
        object_repr=event.subject_repr,
        changes=dict(event.changes),
        data=event.data,
        actor_name=event.actor_name,
    )
