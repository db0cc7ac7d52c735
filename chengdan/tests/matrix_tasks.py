"""The permission-matrix rows of the tasks, reminders and the calendar."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from chengdan.activities import task_actions
from chengdan.activities.models import CalendarFeed, Reminder, Task
from chengdan.testing.matrix import Endpoint, only, statuses
from chengdan.testing.org import Org
from chengdan.tests.matrix_leads import own_lead
from chengdan.tests.matrix_opportunities import own_deal

V1 = "/api/v1"

# Tables a refused call must leave untouched: (model, columns to ignore).
TASK_STATE: list[tuple[Any, tuple[str, ...]]] = [
    (Task, ()),
    (Reminder, ()),
    (CalendarFeed, ()),
]

MANAGERS = ("supervisor", "regional_manager", "admin")
# Reps see the tasks assigned to them (or that they created); supervisors their department tree.
TASK_READERS = statuses(200, same_team=404, other_team=404, customer_service=404)
# Record tabs follow the record: customer service sees every customer, lead and deal.
RECORD_READERS = statuses(200, same_team=404, other_team=404)
OWN_TASK_TITLE = "矩阵任务：回访客户"


def own_task(org: Org) -> Task:
    """The own rep's task on their customer, due tomorrow with a reminder (created on first use)."""
    task = Task.objects.filter(assignee=org.users["own"], title=OWN_TASK_TITLE).first()
    if task is None:
        task = task_actions.create_task(
            actor=org.users["own"],
            title=OWN_TASK_TITLE,
            due_at=timezone.now() + timedelta(days=1),
            remind_before_minutes=30,
            links={"customer_id": org.customers["own"].pk},
        )
    return task


TASK = f"{V1}/tasks/{{task_id}}"
OWN_TASK = {"task_id": lambda org: own_task(org).pk}
VERSION = {"version": 1}


def _events_path() -> str:
    return f"{V1}/calendar/events?start=2030-01-01T00:00:00%2B08:00&end=2030-02-01T00:00:00%2B08:00&scope=team"


TASK_ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", f"{V1}/tasks", statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/tasks",
        statuses(201),
        body=lambda org: {"title": "打电话", "due_at": (timezone.now() + timedelta(hours=3)).isoformat()},
    ),
    Endpoint("GET", TASK, TASK_READERS, params=OWN_TASK),
    Endpoint("PATCH", TASK, TASK_READERS, params=OWN_TASK, body=lambda org: {"version": 1, "priority": "high"}),
    Endpoint("DELETE", TASK, only(dict.fromkeys(MANAGERS, 204), 403), params=OWN_TASK),
    Endpoint("POST", f"{TASK}/complete", TASK_READERS, params=OWN_TASK, body=lambda org: VERSION),
    Endpoint("POST", f"{TASK}/reopen", TASK_READERS, params=OWN_TASK, body=lambda org: VERSION),
    Endpoint("POST", f"{TASK}/cancel", TASK_READERS, params=OWN_TASK, body=lambda org: VERSION),
    Endpoint(
        "GET",
        f"{V1}/customers/{{customer_id}}/tasks",
        RECORD_READERS,
        params={"customer_id": lambda org: own_task(org).customer_id},
    ),
    Endpoint("GET", f"{V1}/leads/{{lead_id}}/tasks", RECORD_READERS, params={"lead_id": lambda org: own_lead(org).pk}),
    Endpoint(
        "GET",
        f"{V1}/opportunities/{{opportunity_id}}/tasks",
        RECORD_READERS,
        params={"opportunity_id": lambda org: own_deal(org).pk},
    ),
    Endpoint("GET", _events_path(), statuses(200)),
    Endpoint(
        "POST",
        f"{V1}/calendar/reschedule",
        TASK_READERS,
        body=lambda org: {
            "item_type": "task",
            "item_id": own_task(org).pk,
            "version": 1,
            "start": (timezone.now() + timedelta(days=2)).isoformat(),
        },
    ),
    Endpoint("GET", f"{V1}/calendar/feed", statuses(200)),
    Endpoint("POST", f"{V1}/calendar/feed", statuses(201)),
    Endpoint("DELETE", f"{V1}/calendar/feed", statuses(204)),
]
