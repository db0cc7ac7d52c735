"""The event bus: one generic envelope, delivered in the transaction and again after commit."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction


@dataclass(frozen=True)
class Event:
    """Something that happened to a subject; lower apps (audit, webhooks) read only this."""

    name: str
    subject_type: str
    subject_id: str
    subject_repr: str = ""
    actor_id: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    # The actor's display name when the publisher has it at hand (spares the audit a lookup).
    actor_name: str = ""


Handler = Callable[[Event], None]
BatchHandler = Callable[[list[Event]], None]
_in_transaction: list[Handler] = []
_after_commit: list[Handler] = []
_batch_of: dict[Handler, BatchHandler] = {}


def subscribe(handler: Handler, *, in_transaction: bool = False, batch: BatchHandler | None = None) -> None:
    """Register a handler; in-transaction handlers commit or roll back with the change itself.

    `batch` (optional) takes a whole list at once, for `publish_many` (the audit appends in one go).
    """
    target = _in_transaction if in_transaction else _after_commit
    if handler not in target:
        target.append(handler)
    if batch is not None:
        _batch_of[handler] = batch


def publish(event: Event) -> None:
    """Deliver an event: now to in-transaction handlers, after commit to the others."""
    for handler in list(_in_transaction):
        handler(event)
    for handler in list(_after_commit):
        transaction.on_commit(lambda h=handler: h(event))  # type: ignore[misc]


def publish_many(events: list[Event]) -> None:
    """Deliver many events as `publish` would each, letting handlers that can take them at once do so."""
    if not events:
        return
    for handler in list(_in_transaction):
        batch = _batch_of.get(handler)
        if batch is not None:
            batch(events)
        else:
            for event in events:
                handler(event)
    for handler in list(_after_commit):
        for event in events:
            transaction.on_commit(lambda h=handler, e=event: h(e))  # type: ignore[misc]


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value changed, as (before, after) pairs."""
    keys = before.keys() | after.keys()
    return {key: (before.get(key), after.get(key)) for key in sorted(keys) if before.get(key) != after.get(key)}


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The audited values of a record, JSON-friendly, for `diff`."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)
    return values
