"""Reads on tasks; every one starts from `visible_tasks`."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from chengdan.access import engine
from chengdan.access.fields import apply_field_rules
from chengdan.activities.choices import TaskStatus
from chengdan.activities.models import Task
from chengdan.activities.permissions import TASKS, visible_tasks
from chengdan.core.errors import DomainError, NotFoundError
from chengdan.core.pagination import Page, PageRequest, paginate

ORDERING = {"due_at": "due_at", "created_at": "created_at", "updated_at": "updated_at", "id": "id"}
LIST_RELATED = ("assignee", "created_by", "department")
SCOPES = ("mine", "team", "all")
# The record types whose pages show a tasks tab, with the task column that links them.
RECORD_COLUMNS = {"customers": "customer_id", "leads": "lead_id", "opportunities": "opportunity_id"}


@dataclass(frozen=True)
class TaskFilters:
    """What a task list can be narrowed by; `scope` mine = assigned to me, team = visible but not mine."""

    scope: str = "all"
    overdue: bool = False
    status: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()
    assignee_id: int | None = None
    due_from: datetime | None = None
    due_to: datetime | None = None
    lead_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    opportunity_id: int | None = None
    q: str = ""


def filtered_tasks(actor: Any, filters: TaskFilters, action: str = "view") -> QuerySet[Task]:
    """The visible tasks matching the filters."""
    if filters.scope not in SCOPES:
        raise DomainError.invalid("scope", "未知的范围。", "Unknown scope.")
    queryset = visible_tasks(actor, action)
    if filters.scope == "mine":
        queryset = queryset.filter(assignee_id=actor.pk)
    elif filters.scope == "team":
        queryset = queryset.exclude(assignee_id=actor.pk)
    if filters.overdue:
        queryset = queryset.filter(status=TaskStatus.OPEN, due_at__lt=timezone.now())
    simple = {
        "assignee_id": filters.assignee_id,
        "due_at__gte": filters.due_from,
        "due_at__lt": filters.due_to,
        "lead_id": filters.lead_id,
        "customer_id": filters.customer_id,
        "contact_id": filters.contact_id,
        "opportunity_id": filters.opportunity_id,
    }
    queryset = queryset.filter(**{name: value for name, value in simple.items() if value is not None})
    if filters.status:
        queryset = queryset.filter(status__in=filters.status)
    if filters.priority:
        queryset = queryset.filter(priority__in=filters.priority)
    if filters.q:
        queryset = queryset.filter(Q(title__icontains=filters.q))
    return queryset


def list_tasks(actor: Any, filters: TaskFilters, page: PageRequest) -> Page[Task]:
    """One page of visible tasks, soonest due first by default (constant query count)."""
    engine.require_action(actor, TASKS.resource, "view")
    queryset = filtered_tasks(actor, filters).select_related(*LIST_RELATED)
    return paginate(queryset, page, allowed_ordering=ORDERING, default_ordering="due_at")


def record_tasks(actor: Any, resource: str, record_id: int, page: PageRequest) -> Page[Task]:
    """The visible tasks about one record (404 when the record is out of the actor's scope)."""
    try:
        engine.get_visible(actor, resource, record_id)
    except DomainError as error:
        if error.status == 403:
            raise NotFoundError() from None
        raise
    column = RECORD_COLUMNS[resource]
    filters = TaskFilters(
        lead_id=record_id if column == "lead_id" else None,
        customer_id=record_id if column == "customer_id" else None,
        opportunity_id=record_id if column == "opportunity_id" else None,
    )
    return list_tasks(actor, filters, page)


def get_task(actor: Any, task_id: int) -> Task:
    """One visible task, or 404."""
    task: Task = engine.get_visible(actor, TASKS.resource, task_id, related=LIST_RELATED)
    return task


def with_related(task: Task) -> Task:
    """A task just written, reloaded with what its rendering needs."""
    reloaded: Task = Task.objects.select_related(*LIST_RELATED).get(pk=task.pk)
    return reloaded


def editable_ids(actor: Any, tasks: list[Task]) -> set[int]:
    """The tasks of a page the actor may edit, in one query (a per-row check would resolve scopes per row)."""
    if not tasks:
        return set()
    return set(visible_tasks(actor, "edit").filter(pk__in=[task.pk for task in tasks]).values_list("pk", flat=True))


def linked_names(actor: Any, tasks: list[Any]) -> dict[tuple[str, int], str]:
    """Names of the records a page of tasks or activities links to, only for records the actor sees.

    One query per record type present, whatever the page size.
    """
    wanted: dict[str, set[int]] = {"opportunities": set(), "leads": set(), "customers": set()}
    for item in tasks:
        for resource, attribute in (
            ("opportunities", "opportunity_id"),
            ("leads", "lead_id"),
            ("customers", "customer_id"),
        ):
            value = getattr(item, attribute, None)
            if value is not None:
                wanted[resource].add(value)
    names: dict[tuple[str, int], str] = {}
    for resource, ids in wanted.items():
        if not ids:
            continue
        rows = engine.visible(actor, resource).filter(pk__in=ids).values_list("pk", "name")
        for pk, name in rows:
            # A customer's name may be masked or hidden by a field rule: it stays so here too.
            shown = apply_field_rules(actor, resource, {"name": name}).get("name")
            if shown is not None:
                names[(resource, pk)] = shown
    return names


def related_of(item: Any) -> tuple[str, int] | None:
    """The most specific record a task or activity is about: the deal, else the lead, else the customer."""
    for resource, attribute in (
        ("opportunities", "opportunity_id"),
        ("leads", "lead_id"),
        ("customers", "customer_id"),
    ):
        value = getattr(item, attribute, None)
        if value is not None:
            return resource, value
    return None
