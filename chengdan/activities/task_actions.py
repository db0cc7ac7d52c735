"""Writes on tasks: create, edit, assign, complete (spawning the next occurrence), reopen, cancel, delete.

Every write keeps the task's reminder in step: it fires `remind_before_minutes` before `due_at` for the
assignee (key `task:<id>`), only while the task is open and the time is still ahead.
"""

import calendar as month_calendar
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from chengdan.access import engine
from chengdan.accounts.models import User
from chengdan.activities import notice_kinds, reminders
from chengdan.activities.choices import Recurrence, ReminderKind, TaskStatus
from chengdan.activities.models import Task
from chengdan.activities.permissions import TASKS
from chengdan.core.errors import DomainError, NotFoundError, localized, validation_error
from chengdan.core.events import Event, diff, publish, snapshot
from chengdan.core.versioning import bump_version
from chengdan.notifications import actions as notification_actions

AUDITED = [
    "title",
    "description",
    "due_at",
    "remind_before_minutes",
    "assignee_id",
    "department_id",
    "priority",
    "status",
    "completed_at",
    "recurrence",
    "recurrence_until",
    "lead_id",
    "customer_id",
    "contact_id",
    "opportunity_id",
]
LINK_FIELDS = ("lead_id", "customer_id", "contact_id", "opportunity_id")
EDITABLE = ("title", "description", "due_at", "remind_before_minutes", "priority", "recurrence", "recurrence_until")
NOT_OPEN = "task.not_open"


def task_link(task: Task) -> str:
    """Where the SPA shows the task."""
    return f"/tasks?task={task.pk}"


def reminder_key(task_id: int) -> str:
    """The dedupe key of a task's reminder."""
    return f"task:{task_id}"


def _publish(name: str, task: Task, actor: User, changes: dict[str, Any], **data: Any) -> None:
    publish(Event(name, TASKS.resource, str(task.pk), task.title[:255], actor.pk, changes=changes, data=data))


def _not_open(task: Task) -> DomainError:
    return DomainError.plain(
        NOT_OPEN,
        "任务已完成或已取消，请先重新打开。",
        "The task is done or cancelled; reopen it first.",
        status=409,
    )


# ---- linked record -------------------------------------------------------------------------


def _visible_record(actor: User, resource: str, record_id: int) -> Any:
    """A record the actor may see (404 otherwise, also for lacking any right on it: the id is not theirs)."""
    try:
        return engine.get_visible(actor, resource, record_id)
    except DomainError as error:
        if error.status == 403:
            raise NotFoundError() from None
        raise


def resolve_links(actor: User, links: dict[str, int | None]) -> dict[str, int | None]:
    """The task's record links from the ids given: each must be visible to the actor and agree with the others.

    A contact or deal brings its customer along, so the customer's page lists the task too.
    """
    result: dict[str, int | None] = dict.fromkeys(LINK_FIELDS)
    lead_id = links.get("lead_id")
    if lead_id is not None:
        if any(links.get(name) is not None for name in LINK_FIELDS if name != "lead_id"):
            raise DomainError.invalid(
                "lead_id", "任务只能关联线索或客户中的一个。", "Link a task to a lead or to a customer, not both."
            )
        result["lead_id"] = _visible_record(actor, "leads", lead_id).pk
        return result
    customer_id = links.get("customer_id")
    for name, resource in (("contact_id", "contacts"), ("opportunity_id", "opportunities")):
        record_id = links.get(name)
        if record_id is None:
            continue
        record = _visible_record(actor, resource, record_id)
        if customer_id is not None and record.customer_id != customer_id:
            raise DomainError.invalid(name, "不属于所选客户。", "It does not belong to the chosen customer.")
        customer_id = record.customer_id
        result[name] = record.pk
    if customer_id is not None:
        result["customer_id"] = _visible_record(actor, "customers", customer_id).pk
    return result


# ---- assignee, recurrence, reminder --------------------------------------------------------


def _assignee(actor: User, assignee_id: int | None) -> User:
    if assignee_id is None or assignee_id == actor.pk:
        return actor
    engine.require_action(actor, TASKS.resource, "assign")
    assignee = User.objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None:
        raise DomainError.invalid("assignee_id", "负责人不存在。", "Assignee not found.")
    return assignee


def _check_recurrence(task: Task) -> None:
    if task.recurrence_until is not None:
        if task.recurrence == Recurrence.NONE:
            raise DomainError.invalid(
                "recurrence_until", "不重复的任务不需要截止日期。", "Only a repeating task has an end date."
            )
        if task.recurrence_until < timezone.localdate(task.due_at):
            raise DomainError.invalid(
                "recurrence_until", "重复截止日期不能早于到期日。", "The repeat end date is before the due date."
            )


def _add_month(day: date, anchor_day: int) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(anchor_day, month_calendar.monthrange(year, month)[1]))


def next_due(due_at: datetime, recurrence: str, anchor_day: int | None = None) -> datetime | None:
    """The due time of the occurrence after one due at `due_at` (same local wall-clock time)."""
    local = timezone.localtime(due_at)
    day = local.date()
    if recurrence == Recurrence.DAILY:
        day += timedelta(days=1)
    elif recurrence == Recurrence.WEEKDAYS:
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    elif recurrence == Recurrence.WEEKLY:
        day += timedelta(days=7)
    elif recurrence == Recurrence.MONTHLY:
        # The series' day of month: a task on the 31st comes back on the 31st, or the month's last day.
        day = _add_month(day, anchor_day or day.day)
    else:
        return None
    naive = datetime.combine(day, local.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


def sync_reminder(task: Task, now: datetime | None = None) -> None:
    """Schedule the task's reminder for its assignee, or cancel it when the task no longer needs one."""
    now = now or timezone.now()
    reminders.cancel_reminders(subject_type=TASKS.resource, subject_id=task.pk)
    if task.status != TaskStatus.OPEN or task.remind_before_minutes is None:
        return
    fire_at = task.due_at - timedelta(minutes=task.remind_before_minutes)
    if fire_at <= now:
        # Already past when scheduled: a reminder for a moment nobody can act on any more is noise.
        return
    reminders.schedule_reminder(
        recipient_id=task.assignee_id,
        kind=ReminderKind.TASK_DUE,
        due_at=fire_at,
        subject_type=TASKS.resource,
        subject_id=task.pk,
        title=localized(f"任务到期：{task.title}", f"Task due: {task.title}"),
        body=task.description[:500],
        link=task_link(task),
        dedupe_key=reminder_key(task.pk),
    )


def _notify_assignee(actor: User, task: Task) -> None:
    if task.assignee_id == actor.pk:
        return
    notification_actions.notify(
        recipient=task.assignee,
        kind=notice_kinds.TASK_ASSIGNED,
        title=localized(f"{actor.name} 给您分配了任务：{task.title}", f"{actor.name} assigned you: {task.title}"),
        body=task.description[:500],
        link=task_link(task),
        subject_type=TASKS.resource,
        subject_id=str(task.pk),
        dedupe_key=f"task_assigned:{task.pk}:{task.assignee_id}:{task.version}",
    )


# ---- writes --------------------------------------------------------------------------------


def create_task(
    *,
    actor: User,
    title: str,
    due_at: datetime,
    description: str = "",
    remind_before_minutes: int | None = 0,
    assignee_id: int | None = None,
    priority: str = "normal",
    recurrence: str = Recurrence.NONE,
    recurrence_until: date | None = None,
    links: dict[str, int | None] | None = None,
) -> Task:
    """Create a task for the actor or, with the assign right, for someone in their reach; remind and notify."""
    engine.require_action(actor, TASKS.resource, "create")
    if not title.strip():
        raise validation_error({"title": localized("请填写标题。", "Give the task a title.")})
    assignee = _assignee(actor, assignee_id)
    task = Task(
        title=title.strip(),
        description=description,
        due_at=due_at,
        remind_before_minutes=remind_before_minutes,
        assignee=assignee,
        department_id=assignee.department_id,
        created_by=actor,
        priority=priority,
        recurrence=recurrence,
        recurrence_until=recurrence_until,
        **resolve_links(actor, links or {}),
    )
    _check_recurrence(task)
    if assignee.pk != actor.pk:
        engine.ensure_within_reach(actor, TASKS.resource, "assign", task)
    with transaction.atomic():
        task.save()
        _publish("task.created", task, actor, diff({}, snapshot(task, AUDITED)))
        sync_reminder(task)
        _notify_assignee(actor, task)
    return task


def locked_task(actor: User, task_id: int, version: int | None, action: str = "edit") -> Task:
    """The task row locked for a write the actor may do (404/403/409 otherwise)."""
    task: Task = engine.get_visible(actor, TASKS.resource, task_id, action, for_update=True, version=version)
    return task


def update_task(*, actor: User, task_id: int, version: int, changes: dict[str, Any]) -> Task:
    """Edit a task (fields, links, assignee); a stale version answers 409; the reminder follows."""
    with transaction.atomic():
        task = locked_task(actor, task_id, version)
        before = snapshot(task, AUDITED)
        for name in EDITABLE:
            if name in changes:
                value = changes[name]
                if name == "description":
                    value = value or ""
                elif name == "title":
                    value = (value or "").strip()
                    if not value:
                        raise validation_error({"title": localized("请填写标题。", "Give the task a title.")})
                elif name in ("due_at", "priority", "recurrence") and value is None:
                    raise validation_error({name: localized("不能为空。", "Required.")})
                setattr(task, name, value)
        if any(name in changes for name in LINK_FIELDS):
            current = {name: getattr(task, name) for name in LINK_FIELDS}
            wanted = {**current, **{name: changes[name] for name in LINK_FIELDS if name in changes}}
            if changes.get("lead_id") is not None:
                wanted.update(customer_id=None, contact_id=None, opportunity_id=None)
            elif any(changes.get(name) is not None for name in LINK_FIELDS if name != "lead_id"):
                wanted["lead_id"] = None
            for name, value in resolve_links(actor, wanted).items():
                setattr(task, name, value)
        reassigned = "assignee_id" in changes and changes["assignee_id"] not in (None, task.assignee_id)
        if reassigned:
            if not engine.can(actor, TASKS.resource, "assign", task):
                raise engine.denied(TASKS.resource, "assign", task.pk)
            assignee = _assignee(actor, changes["assignee_id"])
            task.assignee = assignee
            task.department_id = assignee.department_id
            engine.ensure_within_reach(actor, TASKS.resource, "assign", task)
        _check_recurrence(task)
        after = snapshot(task, AUDITED)
        if after == before:
            return task
        bump_version(task)
        task.save()
        _publish("task.assigned" if reassigned else "task.updated", task, actor, diff(before, after))
        sync_reminder(task)
        if reassigned:
            _notify_assignee(actor, task)
    return task


def _next_occurrence(actor: User, task: Task) -> Task | None:
    """The occurrence after `task`, created once: a second completion finds it already there."""
    if task.recurrence == Recurrence.NONE or Task.objects.filter(previous=task).exists():
        return None
    series = task.series or task
    anchor_day = timezone.localtime(series.due_at).day
    now = timezone.now()
    due = next_due(task.due_at, task.recurrence, anchor_day)
    # Done late: the next occurrence is the first one still ahead, not a row of overdue copies.
    while due is not None and due <= now:
        due = next_due(due, task.recurrence, anchor_day)
    if due is None or (task.recurrence_until is not None and timezone.localdate(due) > task.recurrence_until):
        return None
    following = Task.objects.create(
        title=task.title,
        description=task.description,
        due_at=due,
        remind_before_minutes=task.remind_before_minutes,
        assignee_id=task.assignee_id,
        department_id=task.department_id,
        created_by_id=task.created_by_id,
        priority=task.priority,
        recurrence=task.recurrence,
        recurrence_until=task.recurrence_until,
        series=series,
        previous=task,
        lead_id=task.lead_id,
        customer_id=task.customer_id,
        contact_id=task.contact_id,
        opportunity_id=task.opportunity_id,
    )
    _publish("task.created", following, actor, diff({}, snapshot(following, AUDITED)), previous_id=task.pk)
    sync_reminder(following)
    return following


def complete_task(*, actor: User, task_id: int, version: int | None = None) -> Task:
    """Mark an open task done, cancel its reminder and, for a repeating one, create the next occurrence.

    Completing a task that is already done changes nothing (a double tap on a phone is harmless).
    """
    with transaction.atomic():
        task = locked_task(actor, task_id, version)
        if task.status == TaskStatus.DONE:
            return task
        if task.status != TaskStatus.OPEN:
            raise _not_open(task)
        before = snapshot(task, AUDITED)
        task.status = TaskStatus.DONE
        task.completed_at = timezone.now()
        bump_version(task)
        task.save()
        _publish("task.completed", task, actor, diff(before, snapshot(task, AUDITED)))
        sync_reminder(task)
        _next_occurrence(actor, task)
    return task


def reopen_task(*, actor: User, task_id: int, version: int | None = None) -> Task:
    """Reopen a done or cancelled task; its reminder comes back if its time is still ahead."""
    with transaction.atomic():
        task = locked_task(actor, task_id, version)
        if task.status == TaskStatus.OPEN:
            return task
        before = snapshot(task, AUDITED)
        task.status = TaskStatus.OPEN
        task.completed_at = None
        bump_version(task)
        task.save()
        _publish("task.reopened", task, actor, diff(before, snapshot(task, AUDITED)))
        sync_reminder(task)
    return task


def cancel_task(*, actor: User, task_id: int, version: int | None = None) -> Task:
    """Cancel an open task (a repeating series stops here); its reminder is cancelled."""
    with transaction.atomic():
        task = locked_task(actor, task_id, version)
        if task.status == TaskStatus.CANCELLED:
            return task
        if task.status != TaskStatus.OPEN:
            raise _not_open(task)
        before = snapshot(task, AUDITED)
        task.status = TaskStatus.CANCELLED
        bump_version(task)
        task.save()
        _publish("task.cancelled", task, actor, diff(before, snapshot(task, AUDITED)))
        sync_reminder(task)
    return task


def delete_task(*, actor: User, task_id: int) -> None:
    """Delete a task and cancel its reminder; the audit keeps its last values."""
    with transaction.atomic():
        task = locked_task(actor, task_id, None, "delete")
        _publish("task.deleted", task, actor, diff(snapshot(task, AUDITED), {}))
        reminders.cancel_reminders(subject_type=TASKS.resource, subject_id=task.pk)
        task.delete()


def move_task(*, actor: User, task_id: int, version: int | None, due_at: datetime) -> Task:
    """Move an open task's due time (the calendar's drag); the reminder moves with it."""
    with transaction.atomic():
        task = locked_task(actor, task_id, version)
        if task.status != TaskStatus.OPEN:
            raise _not_open(task)
        if task.due_at == due_at:
            return task
        before = snapshot(task, AUDITED)
        task.due_at = due_at
        _check_recurrence(task)
        bump_version(task)
        task.save()
        _publish("task.rescheduled", task, actor, diff(before, snapshot(task, AUDITED)))
        sync_reminder(task)
    return task
