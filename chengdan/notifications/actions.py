"""Writes on notifications: send one or many (idempotent per dedupe key, fanned out to the outbox), mark read."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.notifications import outbox, queries
from chengdan.notifications.models import Notification


@dataclass(frozen=True)
class Notice:
    """One notification to send; `dedupe_key` (per recipient) makes a repeat a no-op."""

    recipient_id: int
    kind: str
    title: str
    body: str = ""
    link: str = ""
    subject_type: str = ""
    subject_id: str = ""
    dedupe_key: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    subject_type: str = "",
    subject_id: str = "",
    dedupe_key: str = "",
    data: dict[str, Any] | None = None,
) -> Notification:
    """Put a notification in the recipient's inbox and queue it on their chosen external channels.

    With a `dedupe_key` already sent, return the first one (and queue nothing again).
    """
    values = {
        "kind": kind,
        "title": title[:200],
        "body": body,
        "link": link[:300],
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "data": data or {},
    }
    if not dedupe_key:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=recipient, **values)
            outbox.fan_out([notification])
        return notification
    existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=recipient, dedupe_key=dedupe_key, **values)
            outbox.fan_out([notification])
            return notification
    except IntegrityError:
        # A concurrent sender won the race; the unique key guarantees there is exactly one.
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)


def notify_many(notices: list[Notice], batch_size: int = 1000) -> int:
    """Send many notifications in batches, skipping dedupe keys already used; returns how many are new.

    Bulk all the way: a fixed number of queries per batch of rows, deliveries included.
    """
    existing = _existing_keys(notices)
    fresh: list[Notice] = []
    seen = set(existing)
    for notice in notices:
        if notice.dedupe_key:
            pair = (notice.recipient_id, notice.dedupe_key)
            if pair in seen:
                continue
            seen.add(pair)
        fresh.append(notice)
    if not fresh:
        return 0
    with transaction.atomic():
        unkeyed = [_row(notice) for notice in fresh if not notice.dedupe_key]
        # Rows without a key cannot conflict, so their ids come back from the insert.
        created = Notification.objects.bulk_create(unkeyed, batch_size=batch_size)
        keyed = [_row(notice) for notice in fresh if notice.dedupe_key]
        if keyed:
            Notification.objects.bulk_create(keyed, batch_size=batch_size, ignore_conflicts=True)
            # A concurrent sender may have inserted some of these first; it fanned them out itself, and
            # the (notification, channel) key makes a second fan-out of the same row add nothing.
            created.extend(_inserted({(row.recipient_id, row.dedupe_key) for row in keyed}, existing))
        outbox.fan_out(created)
    return len(created)


def _row(notice: Notice) -> Notification:
    return Notification(
        recipient_id=notice.recipient_id,
        kind=notice.kind,
        title=notice.title[:200],
        body=notice.body,
        link=notice.link[:300],
        subject_type=notice.subject_type,
        subject_id=str(notice.subject_id),
        dedupe_key=notice.dedupe_key,
        data=notice.data,
    )


def _keyed_rows(pairs: set[tuple[int, str]]) -> list[Notification]:
    if not pairs:
        return []
    keys = {key for _, key in pairs}
    recipients = {recipient for recipient, _ in pairs}
    found = Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=recipients).only(
        "pk", "recipient_id", "dedupe_key", "kind"
    )
    return [row for row in found if (row.recipient_id, row.dedupe_key) in pairs]


def _existing_keys(notices: list[Notice]) -> set[tuple[int, str]]:
    pairs = {(notice.recipient_id, notice.dedupe_key) for notice in notices if notice.dedupe_key}
    return {(row.recipient_id, row.dedupe_key) for row in _keyed_rows(pairs)}


def _inserted(pairs: set[tuple[int, str]], existing: set[tuple[int, str]]) -> list[Notification]:
    return _keyed_rows(pairs - existing)


def mark_read(*, actor: User, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (404 for anyone else's)."""
    notification = queries.get_notification(actor, notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    return queries.visible_notifications(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
