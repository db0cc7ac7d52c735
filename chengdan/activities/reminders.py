"""Scheduling reminders and sending the due ones.

One pending reminder per (recipient, dedupe key): scheduling again moves it. The keys the activities
domain uses are `task:<id>`, `follow_up:<id>` and `visit:<id>`, with `subject_type` the resource name
(`tasks`, `follow_ups`, `visits`) and `subject_id` the record id.

The scan (`send_due_reminders`, run by the `activities.scan_due_reminders` beat task) reads only the
partial index `reminder_pending_due_idx`, so its cost follows the due rows, not the table.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from chengdan.activities import notice_kinds
from chengdan.activities.choices import ReminderKind, ReminderStatus, TaskStatus, VisitStatus
from chengdan.activities.models import FollowUp, Reminder, Task, Visit
from chengdan.notifications import actions as notification_actions

BATCH_SIZE = 1000

# Reminder kinds (ReminderKind) as the notification kinds users choose channels for.
NOTICE_KIND: dict[str, str] = {
    ReminderKind.TASK_DUE: notice_kinds.TASK_DUE,
    ReminderKind.FOLLOW_UP_DUE: notice_kinds.FOLLOW_UP_DUE,
    ReminderKind.VISIT_DUE: notice_kinds.VISIT_DUE,
}

# subject_type -> function from subject ids to the ids that still need their reminder.
SubjectCheck = Callable[[set[str]], set[str]]
_subject_checks: dict[str, SubjectCheck] = {}


def schedule_reminder(
    *,
    recipient_id: int,
    kind: str,
    due_at: datetime,
    subject_type: str,
    subject_id: object,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str,
    new_subject: bool = False,
) -> Reminder:
    """Schedule (or move) the pending reminder with this key; a reminder already sent is scheduled anew.

    `new_subject`: the subject was created in this transaction, so no reminder can hold the key yet.
    """
    values = {
        "kind": kind,
        "due_at": due_at,
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "title": title[:200],
        "body": body,
        "link": link[:300],
        "status": ReminderStatus.PENDING,
        "sent_at": None,
    }
    if new_subject:
        return Reminder.objects.create(recipient_id=recipient_id, dedupe_key=dedupe_key, **values)
    with transaction.atomic():
        reminder, _ = Reminder.objects.select_for_update().update_or_create(
            recipient_id=recipient_id, dedupe_key=dedupe_key, defaults=values
        )
    return reminder


def cancel_reminders(*, subject_type: str, subject_id: object, kind: str | None = None) -> int:
    """Cancel the pending reminders of a subject (a done task, a deleted follow-up); returns how many."""
    pending = Reminder.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id), status=ReminderStatus.PENDING
    )
    if kind is not None:
        pending = pending.filter(kind=kind)
    return pending.update(status=ReminderStatus.CANCELLED)


def register_subject_check(subject_type: str, check: SubjectCheck) -> None:
    """Declare which subjects still need their reminders (the scan cancels the others)."""
    _subject_checks[subject_type] = check


def _open_tasks(ids: set[str]) -> set[str]:
    return {
        str(pk) for pk in Task.objects.filter(pk__in=_ints(ids), status=TaskStatus.OPEN).values_list("pk", flat=True)
    }


def _planned_visits(ids: set[str]) -> set[str]:
    planned = Visit.objects.filter(pk__in=_ints(ids), status=VisitStatus.PLANNED)
    return {str(pk) for pk in planned.values_list("pk", flat=True)}


def _planned_follow_ups(ids: set[str]) -> set[str]:
    planned = FollowUp.objects.filter(pk__in=_ints(ids), next_follow_up_at__isnull=False)
    return {str(pk) for pk in planned.values_list("pk", flat=True)}


def _ints(ids: Iterable[str]) -> list[int]:
    return [int(value) for value in ids if value.isdigit()]


register_subject_check("tasks", _open_tasks)
register_subject_check("visits", _planned_visits)
register_subject_check("follow_ups", _planned_follow_ups)


def _claim(now: datetime) -> QuerySet[Reminder]:
    """The next due batch, oldest first, straight from the partial index; other scanners skip it."""
    due = Reminder.objects.filter(status=ReminderStatus.PENDING, due_at__lte=now).order_by("due_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return due[:BATCH_SIZE]


def _still_needed(batch: list[Reminder]) -> set[int]:
    """The reminders of the batch whose subject still needs them (one query per subject type)."""
    by_type: dict[str, set[str]] = {}
    for reminder in batch:
        by_type.setdefault(reminder.subject_type, set()).add(reminder.subject_id)
    live: dict[str, set[str]] = {
        subject_type: _subject_checks[subject_type](ids)
        for subject_type, ids in by_type.items()
        if subject_type in _subject_checks
    }
    return {
        reminder.pk
        for reminder in batch
        if reminder.subject_type not in live or reminder.subject_id in live[reminder.subject_type]
    }


def _notice(reminder: Reminder) -> notification_actions.Notice:
    return notification_actions.Notice(
        recipient_id=reminder.recipient_id,
        kind=NOTICE_KIND.get(reminder.kind, reminder.kind),
        title=reminder.title,
        body=reminder.body,
        link=reminder.link,
        subject_type=reminder.subject_type,
        subject_id=reminder.subject_id,
        # The key makes a resend after a crash (notified, not yet marked sent) a no-op.
        dedupe_key=f"reminder:{reminder.pk}",
        data={"reminder_id": reminder.pk, "due_at": reminder.due_at.isoformat()},
    )


def _send_batch(now: datetime) -> tuple[int, int]:
    """Send one claimed batch; returns (claimed, sent)."""
    with transaction.atomic():
        batch = list(_claim(now))
        if not batch:
            return 0, 0
        needed = _still_needed(batch)
        send = [reminder for reminder in batch if reminder.pk in needed]
        skip = [reminder.pk for reminder in batch if reminder.pk not in needed]
        if send:
            notification_actions.notify_many([_notice(reminder) for reminder in send])
            Reminder.objects.filter(pk__in=[reminder.pk for reminder in send]).update(
                status=ReminderStatus.SENT, sent_at=now
            )
        if skip:
            Reminder.objects.filter(pk__in=skip).update(status=ReminderStatus.CANCELLED)
    return len(batch), len(send)


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every pending reminder due by `now`, however late, each exactly once; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    while True:
        claimed, sent_now = _send_batch(now)
        sent += sent_now
        if claimed < BATCH_SIZE:
            return sent
