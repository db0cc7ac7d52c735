"""The reminder scan: every due reminder once, however late, never the ones not due, proportional to due rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.activities import notice_kinds, reminders, task_actions
from chengdan.activities.choices import ReminderKind, ReminderStatus
from chengdan.activities.models import Reminder
from chengdan.activities.tasks import scan_due_reminders, scan_due_reminders_now
from chengdan.notifications import actions as notification_actions
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org


def _schedule(org: Org, key: str, due_in: timedelta, persona: str = "own", subject_type: str = "custom") -> Reminder:
    return reminders.schedule_reminder(
        recipient_id=org.users[persona].pk,
        kind=ReminderKind.TASK_DUE,
        due_at=timezone.now() + due_in,
        subject_type=subject_type,
        subject_id=key,
        title=f"提醒 {key}",
        link="/tasks",
        dedupe_key=key,
    )


def _bulk_not_due(org: Org, count: int, offset: int = 0) -> None:
    later = timezone.now() + timedelta(days=3)
    Reminder.objects.bulk_create(
        Reminder(
            recipient=org.users["same_team"],
            kind=ReminderKind.TASK_DUE,
            due_at=later + timedelta(minutes=index),
            subject_type="custom",
            subject_id=str(index),
            title="later",
            dedupe_key=f"later:{offset + index}",
        )
        for index in range(count)
    )


def test_due_reminders_go_out_once_and_future_ones_wait(org: Org) -> None:
    overdue = _schedule(org, "a", timedelta(hours=-30))  # due while the worker was down
    due = _schedule(org, "b", timedelta(seconds=-1))
    future = _schedule(org, "c", timedelta(minutes=5))
    assert scan_due_reminders_now() == 2
    assert scan_due_reminders_now() == 0
    sent = Notification.objects.filter(recipient=org.users["own"]).order_by("pk")
    assert [(n.title, n.kind, n.dedupe_key) for n in sent] == [
        ("提醒 a", notice_kinds.TASK_DUE, f"reminder:{overdue.pk}"),
        ("提醒 b", notice_kinds.TASK_DUE, f"reminder:{due.pk}"),
    ]
    statuses = dict(Reminder.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: "sent", due.pk: "sent", future.pk: "pending"}
    assert Reminder.objects.get(pk=due.pk).sent_at is not None
    # Time passes: the future one is sent by a later scan, the others are not sent again.
    assert scan_due_reminders_now(timezone.now() + timedelta(minutes=6)) == 1
    assert Notification.objects.count() == 3


def test_a_crash_between_notifying_and_marking_never_notifies_twice(org: Org) -> None:
    reminder = _schedule(org, "crash", timedelta(minutes=-1))
    # What a worker that died after notifying left behind: the notice exists, the reminder is still pending.
    notification_actions.notify_many([reminders._notice(reminder)])
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.PENDING
    scan_due_reminders_now()
    assert Notification.objects.filter(dedupe_key=f"reminder:{reminder.pk}").count() == 1
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.SENT


def test_reminders_of_finished_tasks_are_cancelled_not_sent(org: Org) -> None:
    now = timezone.now()
    open_task = task_actions.create_task(actor=org.users["own"], title="开放", due_at=now + timedelta(minutes=20))
    done_task = task_actions.create_task(actor=org.users["own"], title="已完成", due_at=now + timedelta(minutes=20))
    # The task finished without its reminder being cancelled (say, by a bulk path): the scan checks.
    type(done_task).objects.filter(pk=done_task.pk).update(status="done")
    assert scan_due_reminders_now(now + timedelta(minutes=30)) == 1
    [notice] = Notification.objects.filter(kind=notice_kinds.TASK_DUE)
    assert (notice.subject_type, notice.subject_id) == ("tasks", str(open_task.pk))
    cancelled = Reminder.objects.get(subject_id=str(done_task.pk))
    assert cancelled.status == ReminderStatus.CANCELLED


def test_the_scan_loops_over_batches_until_nothing_is_due(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reminders, "BATCH_SIZE", 3)
    for index in range(7):
        _schedule(org, f"k{index}", timedelta(minutes=-index - 1))
    assert scan_due_reminders() == 7
    assert not Reminder.objects.filter(status=ReminderStatus.PENDING).exists()
    assert Notification.objects.count() == 7


def test_query_count_does_not_grow_with_reminders_not_due(org: Org) -> None:
    for index in range(5):
        _schedule(org, f"due{index}", timedelta(minutes=-index - 1))
    _bulk_not_due(org, 50)
    with CaptureQueriesContext(connection) as small:
        assert scan_due_reminders_now() == 5
    for index in range(5):
        _schedule(org, f"again{index}", timedelta(minutes=-index - 1))
    _bulk_not_due(org, 2000, offset=50)
    with CaptureQueriesContext(connection) as large:
        assert scan_due_reminders_now() == 5
    assert len(large) == len(small)
    # Only the pending-and-due rows are read: the statement the partial index serves.
    claim = next(q["sql"] for q in large.captured_queries if "activities_reminder" in q["sql"] and "LIMIT" in q["sql"])
    assert "due_at" in claim and "pending" in claim
