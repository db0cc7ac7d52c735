"""HTTP endpoints of the activities domain: tasks (my / team / overdue lists, writes, a record's tasks)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.accounts.models import User
from chengdan.activities import task_actions, task_queries
from chengdan.activities.task_rendering import render_task, render_tasks
from chengdan.activities.task_schemas import TaskFiltersIn, TaskIn, TaskOut, TaskPatch, TaskVersionIn
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses

router = Router(tags=["activities"])


def _links(data: dict[str, Any]) -> dict[str, int | None]:
    return {name: data.pop(name, None) for name in task_actions.LINK_FIELDS}


def _one(actor: User, task: Any) -> dict[str, Any]:
    return render_task(actor, task_queries.with_related(task))


def _page(actor: User, result: Any) -> dict[str, Any]:
    return page_body(result, render_tasks(actor, result.items))


@router.get("/tasks", response=responses(page_of(TaskOut)), exclude_unset=True)
def list_tasks(request: HttpRequest, filters: Query[TaskFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """One page of tasks: mine, my team's (visible, not mine) or all visible; `overdue` keeps open late ones."""
    actor = actor_of(request)
    data = filters.dict()
    data["status"] = tuple(data["status"])
    data["priority"] = tuple(data["priority"])
    result = task_queries.list_tasks(actor, task_queries.TaskFilters(**data), PageRequest(**page.dict()))
    return _page(actor, result)


@router.post("/tasks", response=responses(TaskOut, 201), exclude_unset=True)
def create_task(request: HttpRequest, payload: TaskIn) -> Status[dict[str, Any]]:
    """Create a task (for someone else with the assign right); the assignee is notified and reminded."""
    actor = actor_of(request)
    data = payload.dict(exclude_none=True)
    if "remind_before_minutes" in payload.model_fields_set and payload.remind_before_minutes is None:
        data["remind_before_minutes"] = None  # sent as null: no reminder
    links = _links(data)
    task = task_actions.create_task(actor=actor, links=links, **data)
    return Status(201, _one(actor, task))


@router.get("/tasks/{task_id}", response=responses(TaskOut), exclude_unset=True)
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """One task (404 when it does not exist or is out of scope)."""
    actor = actor_of(request)
    return render_task(actor, task_queries.get_task(actor, task_id))


@router.patch("/tasks/{task_id}", response=responses(TaskOut), exclude_unset=True)
def update_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> dict[str, Any]:
    """Edit a task; a stale `version` answers 409 with the current task."""
    actor = actor_of(request)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    task = task_actions.update_task(actor=actor, task_id=task_id, version=version, changes=changes)
    return _one(actor, task)


@router.delete("/tasks/{task_id}", response=responses(None, 204))
def delete_task(request: HttpRequest, task_id: int) -> Status[None]:
    """Delete a task and its pending reminder."""
    task_actions.delete_task(actor=actor_of(request), task_id=task_id)
    return Status(204, None)


@router.post("/tasks/{task_id}/complete", response=responses(TaskOut), exclude_unset=True)
def complete_task(request: HttpRequest, task_id: int, payload: TaskVersionIn) -> dict[str, Any]:
    """Mark a task done; a repeating one gets its next occurrence (once)."""
    actor = actor_of(request)
    task = task_actions.complete_task(actor=actor, task_id=task_id, version=payload.version)
    return _one(actor, task)


@router.post("/tasks/{task_id}/reopen", response=responses(TaskOut), exclude_unset=True)
def reopen_task(request: HttpRequest, task_id: int, payload: TaskVersionIn) -> dict[str, Any]:
    """Reopen a done or cancelled task."""
    actor = actor_of(request)
    task = task_actions.reopen_task(actor=actor, task_id=task_id, version=payload.version)
    return _one(actor, task)


@router.post("/tasks/{task_id}/cancel", response=responses(TaskOut), exclude_unset=True)
def cancel_task(request: HttpRequest, task_id: int, payload: TaskVersionIn) -> dict[str, Any]:
    """Cancel an open task (a repeating series stops)."""
    actor = actor_of(request)
    task = task_actions.cancel_task(actor=actor, task_id=task_id, version=payload.version)
    return _one(actor, task)


@router.get("/customers/{customer_id}/tasks", response=responses(page_of(TaskOut)), exclude_unset=True)
def customer_tasks(request: HttpRequest, customer_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The tasks about a customer (its contacts and deals included) that the caller may see."""
    actor = actor_of(request)
    return _page(actor, task_queries.record_tasks(actor, "customers", customer_id, PageRequest(**page.dict())))


@router.get("/leads/{lead_id}/tasks", response=responses(page_of(TaskOut)), exclude_unset=True)
def lead_tasks(request: HttpRequest, lead_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The tasks about a lead that the caller may see."""
    actor = actor_of(request)
    return _page(actor, task_queries.record_tasks(actor, "leads", lead_id, PageRequest(**page.dict())))


@router.get("/opportunities/{opportunity_id}/tasks", response=responses(page_of(TaskOut)), exclude_unset=True)
def opportunity_tasks(request: HttpRequest, opportunity_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    """The tasks about a deal that the caller may see."""
    actor = actor_of(request)
    return _page(actor, task_queries.record_tasks(actor, "opportunities", opportunity_id, PageRequest(**page.dict())))
