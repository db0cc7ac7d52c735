"""The calendar: follow-ups, planned follow-ups, visits and tasks of a person or a team, and moving them.

Every item comes through the `visible_*` choke points of its kind, so the calendar never shows more
than the lists do. Reading a range costs a fixed number of queries, whatever it holds.

Moving a visit or a planned follow-up keeps its reminder in step by the shared key convention:
`visit:<id>` (recipient: the visit's owner) and `follow_up:<id>` (the follow-up's author).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.access.profile import load_profile
from chengdan.accounts.models import User
from chengdan.activities import actions, task_actions, task_queries, visit_actions
from chengdan.activities.choices import FollowUpKind, TaskStatus, VisitStatus
from chengdan.activities.models import FollowUp, Task, Visit
from chengdan.activities.permissions import (
    FOLLOW_UPS,
    TASKS,
    VISITS,
    visible_follow_ups,
    visible_tasks,
    visible_visits,
)
from chengdan.core.errors import DomainError, NotFoundError, localized, validation_error
from chengdan.core.events import Event, publish
from chengdan.core.versioning import bump_version

MAX_DAYS = 62
# A range never returns more than this many items of one kind (a month of a large team fits).
ITEM_LIMIT = 2000
TASK_MINUTES = 30
ALL_KINDS = frozenset({"task", "follow_up", "planned_follow_up", "visit"})
PLANNED_KINDS = frozenset({"task", "planned_follow_up", "visit"})


@dataclass(frozen=True)
class Window:
    """A half-open time range [start, end)."""

    start: datetime
    end: datetime

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


def checked_window(start: datetime, end: datetime) -> Window:
    """The requested range, refused (422) when empty or longer than MAX_DAYS."""
    if end <= start:
        raise DomainError.invalid("end", "结束时间必须晚于开始时间。", "The end must be after the start.")
    if end - start > timedelta(days=MAX_DAYS):
        raise DomainError.invalid(
            "end", f"一次最多查看 {MAX_DAYS} 天。", f"A calendar range spans at most {MAX_DAYS} days."
        )
    return Window(start, end)


def team_users(actor: User, scope: str, user_id: int | None = None) -> QuerySet[User]:
    """Whose items to show: the actor (mine) or the visible users of their department tree (team).

    `user_id` narrows the team to one person; someone outside it answers 404.
    """
    if scope == "mine":
        return User.objects.filter(pk=actor.pk)
    if scope != "team":
        raise DomainError.invalid("scope", "未知的范围。", "Unknown scope.")
    paths = load_profile(actor).department_paths
    tree = Q(pk=actor.pk)
    for path in paths:
        tree |= Q(department__path__startswith=path)
    users = engine.visible(actor, "users").filter(tree, is_active=True)
    if user_id is not None:
        if not users.filter(pk=user_id).exists():
            raise NotFoundError()
        users = users.filter(pk=user_id)
    return users


def _related(item: Any, names: dict[tuple[str, int], str]) -> dict[str, Any]:
    related = task_queries.related_of(item)
    return {
        "related_type": related[0] if related else None,
        "related_id": related[1] if related else None,
        "related_name": names.get(related) if related else None,
    }


def _titled(label: str, name: str | None) -> str:
    return f"{label} · {name}" if name else label


def _kind_label(kind: str) -> str:
    labels_en = {"phone": "Call", "visit": "Visit", "wechat": "WeChat", "email": "E-mail", "meeting": "Meeting"}
    return localized(str(FollowUpKind(kind).label) if kind in FollowUpKind.values else kind, labels_en.get(kind, kind))


def task_item(actor: User, task: Task, names: dict[tuple[str, int], str], editable: set[int]) -> dict[str, Any]:
    """A task as a calendar item (assignee loaded)."""
    detail = apply_field_rules(actor, TASKS.resource, {"description": task.description}).get("description")
    return {
        "key": f"task:{task.pk}",
        "type": "task",
        "id": task.pk,
        "title": task.title,
        "detail": (detail or "")[:300],
        "start": task.due_at,
        "end": task.due_at + timedelta(minutes=TASK_MINUTES),
        "user_id": task.assignee_id,
        "user_name": task.assignee.name,
        "status": task.status,
        "priority": task.priority,
        "version": task.version,
        "editable": task.pk in editable and task.status == TaskStatus.OPEN,
        **_related(task, names),
    }


def follow_up_items(
    actor: User,
    follow_up: FollowUp,
    names: dict[tuple[str, int], str],
    editable: set[int],
    window: Window,
    kinds: frozenset[str],
) -> list[dict[str, Any]]:
    """A follow-up as up to two items: the contact made, and the next one planned (author loaded)."""
    related = _related(follow_up, names)
    content = apply_field_rules(actor, FOLLOW_UPS.resource, {"content": follow_up.content}).get("content")
    common = {
        "id": follow_up.pk,
        "detail": (content or "")[:300],
        "user_id": follow_up.author_id,
        "user_name": follow_up.author.name,
        "version": follow_up.version,
        "priority": None,
        **related,
    }
    items = []
    if "follow_up" in kinds and window.start <= follow_up.occurred_at < window.end:
        items.append(
            {
                **common,
                "key": f"follow_up:{follow_up.pk}",
                "type": "follow_up",
                "title": _titled(_kind_label(follow_up.kind), related["related_name"]),
                "start": follow_up.occurred_at,
                "end": None,
                "status": "done",
                "editable": False,
            }
        )
    planned = follow_up.next_follow_up_at
    if "planned_follow_up" in kinds and planned is not None and window.start <= planned < window.end:
        items.append(
            {
                **common,
                "key": f"planned_follow_up:{follow_up.pk}",
                "type": "planned_follow_up",
                "title": _titled(localized("计划跟进", "Planned follow-up"), related["related_name"]),
                "start": planned,
                "end": None,
                "status": "planned",
                "editable": follow_up.pk in editable,
            }
        )
    return items


def visit_item(actor: User, visit: Visit, names: dict[tuple[str, int], str], editable: set[int]) -> dict[str, Any]:
    """A visit at its check-in time once made, else at its planned time (owner loaded)."""
    start = visit.check_in_at or visit.planned_at
    assert start is not None
    end = visit.check_out_at or start + timedelta(minutes=visit.planned_minutes or 60)
    related = _related(visit, names)
    return {
        "key": f"visit:{visit.pk}",
        "type": "visit",
        "id": visit.pk,
        "title": _titled(visit.purpose or localized("拜访", "Visit"), related["related_name"]),
        "detail": "",
        "start": start,
        "end": end,
        "user_id": visit.owner_id,
        "user_name": visit.owner.name,
        "status": visit.status,
        "priority": None,
        "version": visit.version,
        "editable": visit.pk in editable and visit.status == VisitStatus.PLANNED,
        **related,
    }


def _ids(rows: Iterable[Any]) -> list[int]:
    return [row.pk for row in rows]


def _editable(queryset: QuerySet[Any], ids: list[int]) -> set[int]:
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def collect_items(
    actor: User, users: QuerySet[User], window: Window, *, planned_only: bool = False
) -> list[dict[str, Any]]:
    """The calendar items of `users` in the window that the actor may see, soonest first.

    `planned_only` keeps what is ahead of the person (the feed): tasks, planned follow-ups and visits.

    Three reads for the items, three for what the actor may move, at most three for record names.
    """
    kinds = PLANNED_KINDS if planned_only else ALL_KINDS
    user_ids = users.values("pk")
    tasks: list[Task] = []
    if "task" in kinds:
        task_rows = visible_tasks(actor).filter(window.q("due_at"), assignee_id__in=user_ids)
        task_rows = task_rows.exclude(status=TaskStatus.CANCELLED).select_related("assignee")
        tasks = list(task_rows.order_by("due_at", "pk")[:ITEM_LIMIT])
    follow_ups: list[FollowUp] = []
    if kinds & {"follow_up", "planned_follow_up"}:
        moments = Q()
        if "follow_up" in kinds:
            moments |= window.q("occurred_at")
        if "planned_follow_up" in kinds:
            moments |= window.q("next_follow_up_at")
        follow_up_rows = visible_follow_ups(actor).filter(moments, author_id__in=user_ids).select_related("author")
        follow_ups = list(follow_up_rows.order_by("occurred_at", "pk")[:ITEM_LIMIT])
    visits: list[Visit] = []
    if "visit" in kinds:
        visit_rows = visible_visits(actor).filter(owner_id__in=user_ids).exclude(status=VisitStatus.CANCELLED)
        if planned_only:
            visit_rows = visit_rows.filter(window.q("planned_at"), status=VisitStatus.PLANNED)
        else:
            visit_rows = visit_rows.filter(
                (Q(check_in_at__isnull=True) & window.q("planned_at")) | window.q("check_in_at")
            )
        visits = list(visit_rows.select_related("owner").order_by("planned_at", "pk")[:ITEM_LIMIT])
    names = task_queries.linked_names(actor, [*tasks, *follow_ups, *visits])
    editable_tasks = _editable(visible_tasks(actor, "edit"), _ids(tasks))
    planned_ids = [row.pk for row in follow_ups if row.next_follow_up_at is not None]
    editable_follow_ups = _editable(visible_follow_ups(actor, "edit"), planned_ids)
    editable_visits = _editable(visible_visits(actor, "edit"), [row.pk for row in visits if row.status == "planned"])
    items = [task_item(actor, task, names, editable_tasks) for task in tasks]
    for follow_up in follow_ups:
        items.extend(follow_up_items(actor, follow_up, names, editable_follow_ups, window, kinds))
    items.extend(visit_item(actor, visit, names, editable_visits) for visit in visits)
    items.sort(key=lambda item: (item["start"], item["key"]))
    return items


def calendar_items(
    actor: User, *, start: datetime, end: datetime, scope: str = "mine", user_id: int | None = None
) -> list[dict[str, Any]]:
    """The items of the actor (mine) or their team in [start, end), at most MAX_DAYS long."""
    window = checked_window(start, end)
    return collect_items(actor, team_users(actor, scope, user_id), window)


# ---- drag to reschedule --------------------------------------------------------------------


def _publish_move(name: str, resource: str, record: Any, actor: User, field: str, old: Any, new: Any) -> None:
    publish(Event(name, resource, str(record.pk), str(record)[:255], actor.pk, changes={field: (str(old), str(new))}))


def move_visit(*, actor: User, visit_id: int, version: int | None, planned_at: datetime) -> Visit:
    """Move a planned visit (edit right on it, 409 on a stale version or a visit already made)."""
    with transaction.atomic():
        visit: Visit = engine.get_visible(actor, VISITS.resource, visit_id, "edit", for_update=True, version=version)
        if visit.status != VisitStatus.PLANNED:
            raise DomainError.plain(
                "visit.not_planned", "只能调整计划中的拜访。", "Only a planned visit can be moved.", status=409
            )
        old = visit.planned_at
        if old == planned_at:
            return visit
        visit.planned_at = planned_at
        bump_version(visit)
        visit.save(update_fields=["planned_at", "version", "updated_at"])
        _publish_move("visit.rescheduled", VISITS.resource, visit, actor, "planned_at", old, planned_at)
        # Scheduled anew as planning does it: 30 minutes ahead, the new time in its title, the check-in link.
        visit_actions.reschedule_due_reminder(visit)
    return visit


def move_follow_up(*, actor: User, follow_up_id: int, version: int | None, next_follow_up_at: datetime) -> FollowUp:
    """Move a follow-up's planned next contact (edit right on it, 409 on a stale version)."""
    with transaction.atomic():
        follow_up: FollowUp = engine.get_visible(
            actor, FOLLOW_UPS.resource, follow_up_id, "edit", for_update=True, version=version
        )
        old = follow_up.next_follow_up_at
        if old is None:
            raise validation_error(
                {"item_id": localized("这条跟进没有计划下次跟进。", "This follow-up has no next contact planned.")}
            )
        if old == next_follow_up_at:
            return follow_up
        follow_up.next_follow_up_at = next_follow_up_at
        bump_version(follow_up)
        follow_up.save(update_fields=["next_follow_up_at", "version", "updated_at"])
        _publish_move(
            "follow_up.rescheduled", FOLLOW_UPS.resource, follow_up, actor, "next_follow_up_at", old, next_follow_up_at
        )
        actions.reschedule_next_reminder(follow_up)
    return follow_up


def reschedule(*, actor: User, item_type: str, item_id: int, version: int | None, start: datetime) -> dict[str, Any]:
    """Move one calendar item to `start` and return it as the calendar now shows it."""
    if item_type == "task":
        task_actions.move_task(actor=actor, task_id=item_id, version=version, due_at=start)
        tasks = list(Task.objects.filter(pk=item_id).select_related("assignee"))
        names = task_queries.linked_names(actor, tasks)
        return task_item(actor, tasks[0], names, _editable(visible_tasks(actor, "edit"), [item_id]))
    if item_type == "visit":
        move_visit(actor=actor, visit_id=item_id, version=version, planned_at=start)
        visits = list(Visit.objects.filter(pk=item_id).select_related("owner"))
        names = task_queries.linked_names(actor, visits)
        return visit_item(actor, visits[0], names, _editable(visible_visits(actor, "edit"), [item_id]))
    if item_type in ("follow_up", "planned_follow_up"):
        move_follow_up(actor=actor, follow_up_id=item_id, version=version, next_follow_up_at=start)
        follow_ups = list(FollowUp.objects.filter(pk=item_id).select_related("author"))
        names = task_queries.linked_names(actor, follow_ups)
        window = Window(start, start + timedelta(seconds=1))
        editable = _editable(visible_follow_ups(actor, "edit"), [item_id])
        return follow_up_items(actor, follow_ups[0], names, editable, window, frozenset({"planned_follow_up"}))[0]
    raise DomainError.invalid("item_type", "未知的日程类型。", "Unknown item type.")
