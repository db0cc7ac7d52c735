"""Writes on notifications: send one (idempotent per dedupe key), mark one or all read."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.notifications import queries
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
    """Put a notification in the recipient's inbox; with a `dedupe_key` already sent, return the first one."""
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
        return Notification.objects.create(recipient=recipient, **values)
    existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=recipient, dedupe_key=dedupe_key, **values)
    except IntegrityError:
        # A concurrent sender won the race; the unique key guarantees there is exactly one.
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)


def notify_many(notices: list[Notice], batch_size: int = 1000) -> int:
    """Send many notifications in batches, skipping dedupe keys already used; returns how many are new."""
    rows = [
        Notification(
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
        for notice in notices
    ]
    keyed = {(notice.recipient_id, notice.dedupe_key) for notice in notices if notice.dedupe_key}
    before = _count_keyed(keyed)
    Notification.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
    unkeyed = sum(1 for notice in notices if not notice.dedupe_key)
    return _count_keyed(keyed) - before + unkeyed


def _count_keyed(keyed: set[tuple[int, str]]) -> int:
    if not keyed:
        return 0
    keys = {key for _, key in keyed}
    recipients = {recipient for recipient, _ in keyed}
    found = Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=recipients).values_list(
        "recipient_id", "dedupe_key"
    )
    return sum(1 for pair in found if pair in keyed)


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
