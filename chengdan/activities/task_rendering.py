"""How tasks are shown to an actor: list rows with the linked record's name, field rules applied."""

from typing import Any

from django.utils import timezone

from chengdan.access.fields import apply_field_rules
from chengdan.activities import task_queries
from chengdan.activities.choices import TaskStatus
from chengdan.activities.models import Task
from chengdan.activities.permissions import TASKS
from chengdan.core.records import register_renderer


def task_data(task: Task, names: dict[tuple[str, int], str], editable: set[int]) -> dict[str, Any]:
    """Every field of a task row before field rules (assignee, creator and department loaded)."""
    related = task_queries.related_of(task)
    return {
        "id": task.pk,
        "title": task.title,
        "description": task.description,
        "due_at": task.due_at,
        "remind_before_minutes": task.remind_before_minutes,
        "assignee_id": task.assignee_id,
        "assignee_name": task.assignee.name,
        "department_id": task.department_id,
        "department_name": task.department.name if task.department else None,
        "created_by_id": task.created_by_id,
        "created_by_name": task.created_by.name,
        "priority": task.priority,
        "status": task.status,
        "completed_at": task.completed_at,
        "recurrence": task.recurrence,
        "recurrence_until": task.recurrence_until,
        "series_id": task.series_id,
        "lead_id": task.lead_id,
        "customer_id": task.customer_id,
        "contact_id": task.contact_id,
        "opportunity_id": task.opportunity_id,
        "related_type": related[0] if related else None,
        "related_id": related[1] if related else None,
        # Absent when the actor cannot see the record (a task assigned by someone who can).
        "related_name": names.get(related) if related else None,
        "is_overdue": task.status == TaskStatus.OPEN and task.due_at < timezone.now(),
        "can_edit": task.pk in editable,
        "version": task.version,
        "created_at": task.created_at,
        "updated_at": task.updated_at,
    }


def render_tasks(actor: Any, tasks: list[Task]) -> list[dict[str, Any]]:
    """A page of tasks as the actor may see them (one query for edit rights, one per linked record type)."""
    names = task_queries.linked_names(actor, tasks)
    editable = task_queries.editable_ids(actor, tasks)
    return [apply_field_rules(actor, TASKS.resource, task_data(task, names, editable)) for task in tasks]


def render_task(actor: Any, task: Task) -> dict[str, Any]:
    """One task (TaskOut) as the actor may see it."""
    return render_tasks(actor, [task])[0]


def _render_current(actor: Any, task: Task) -> dict[str, Any]:
    return render_task(actor, task_queries.with_related(task))


register_renderer(Task, _render_current)
