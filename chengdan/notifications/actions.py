"""Writes on notifications: send one or many (idempotent per dedupe key, fanned out to the outbox), mark read."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.core import bulk
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


NOTIFICATION_COLUMNS = (
    "id",
    "recipient_id",
    "kind",
    "title",
    "body",
    "link",
    "subject_type",
    "subject_id",
    "dedupe_key",
    "data",
    "created_at",
)


def notify_many(notices: list[Notice], batch_size: int = 1000) -> int:
    """Send many notifications in batches, skipping dedupe keys already used; returns how many are new.

    Bulk all the way: a fixed number of queries per batch of rows, deliveries included, with the rows
    handed to the driver as they are (core.bulk) rather than built as model instances.
    """
    new = 0
    for start in range(0, len(notices), batch_size):
        new += _notify_batch(notices[start : start + batch_size])
    return new


def _notify_batch(notices: list[Notice]) -> int:
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
    now = timezone.now()
    with transaction.atomic():
        ids = bulk.reserve_ids(Notification, len(fresh))
        rows = [_row(pk, notice, now) for pk, notice in zip(ids, fresh, strict=True)]
        bulk.insert_rows(Notification, NOTIFICATION_COLUMNS, rows, ignore_conflicts=True)
        created = [outbox.Sent(pk, notice.recipient_id, notice.kind) for pk, notice in zip(ids, fresh, strict=True)]
        keyed = {pk for pk, notice in zip(ids, fresh, strict=True) if notice.dedupe_key}
        if keyed:
            # A concurrent sender may have used some of these keys first (and fanned them out itself):
            # only the rows that are really there are new.
            landed = set(Notification.objects.filter(pk__in=keyed).values_list("pk", flat=True))
            created = [sent for sent in created if sent.pk in landed or sent.pk not in keyed]
        outbox.fan_out(created, now)
    return len(created)


def _row(pk: int, notice: Notice, now: datetime) -> tuple[Any, ...]:
    return (
        pk,
        notice.recipient_id,
        notice.kind,
        notice.title[:200],
        notice.body,
        notice.link[:300],
        notice.subject_type,
        str(notice.subject_id),
        notice.dedupe_key,
        notice.data,
        now,
    )


def _existing_keys(notices: list[Notice]) -> set[tuple[int, str]]:
    pairs = {(notice.recipient_id, notice.dedupe_key) for notice in notices if notice.dedupe_key}
    if not pairs:
        return set()
    keys = {key for _, key in pairs}
    recipients = {recipient for recipient, _ in pairs}
    found = Notification.objects.filter(dedupe_key__in=keys, recipient_id__in=recipients).values_list(
        "recipient_id", "dedupe_key"
    )
    return {pair for pair in found if pair in pairs}


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
