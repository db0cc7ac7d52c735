"""Tasks through the API: assignment rights, linked records, reminders, recurrence, versions, lists."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.activities import notice_kinds, task_actions
from chengdan.activities.choices import ReminderStatus
from chengdan.activities.models import Reminder, Task
from chengdan.audit.models import AuditEntry
from chengdan.leads.tests.factories import make_lead
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org

V1 = "/api/v1/tasks"
SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def _post(org: Org, persona: str, **body: Any) -> Any:
    body.setdefault("title", "回访客户")
    body.setdefault("due_at", (timezone.now() + timedelta(days=1)).isoformat())
    return org.client(persona).post(V1, body, content_type="application/json")


def _task(org: Org, persona: str = "own", **values: Any) -> Task:
    values.setdefault("title", "跟进报价")
    values.setdefault("due_at", timezone.now() + timedelta(days=1))
    links = {name: values.pop(name) for name in task_actions.LINK_FIELDS if name in values}
    return task_actions.create_task(actor=org.users[persona], links=links, **values)


def _pending(task: Task) -> list[Reminder]:
    return list(Reminder.objects.filter(dedupe_key=f"task:{task.pk}", status=ReminderStatus.PENDING))


def test_create_own_task_schedules_its_reminder(org: Org) -> None:
    due = timezone.now().replace(microsecond=0) + timedelta(days=2)
    response = _post(org, "own", due_at=due.isoformat(), remind_before_minutes=45, priority="high")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["assignee_id"], body["department_id"], body["created_by_id"]) == (
        org.users["own"].pk,
        org.team.pk,
        org.users["own"].pk,
    )
    assert (body["priority"], body["status"], body["version"], body["can_edit"]) == ("high", "open", 1, True)
    [reminder] = _pending(Task.objects.get(pk=body["id"]))
    assert reminder.recipient_id == org.users["own"].pk
    assert reminder.due_at == due - timedelta(minutes=45)
    assert (reminder.subject_type, reminder.subject_id, reminder.kind) == ("tasks", str(body["id"]), "task_due")
    # Nobody assigned it to the rep but themselves: no notification.
    assert not Notification.objects.filter(kind=notice_kinds.TASK_ASSIGNED).exists()
    assert AuditEntry.objects.filter(action="task.created", object_id=str(body["id"])).exists()


def test_naive_due_time_is_read_as_beijing_time(org: Org) -> None:
    response = _post(org, "own", due_at="2031-03-01T09:30:00", remind_before_minutes=None)
    assert response.status_code == 201
    assert Task.objects.get(pk=response.json()["id"]).due_at == datetime(2031, 3, 1, 9, 30, tzinfo=SHANGHAI)
    # Sent as null: no reminder at all.
    assert not Reminder.objects.exists()


def test_a_rep_cannot_assign_to_a_colleague(org: Org) -> None:
    response = _post(org, "own", assignee_id=org.users["same_team"].pk)
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_supervisor_assigns_within_reach_and_the_assignee_is_notified(org: Org) -> None:
    response = _post(org, "supervisor", assignee_id=org.users["own"].pk, title="拜访张总")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["assignee_id"], body["department_id"]) == (org.users["own"].pk, org.team.pk)
    [notice] = Notification.objects.filter(recipient=org.users["own"], kind=notice_kinds.TASK_ASSIGNED)
    assert "拜访张总" in notice.title
    assert notice.link == f"/tasks?task={body['id']}"
    # The reminder goes to the assignee, not to whoever assigned it.
    assert [r.recipient_id for r in _pending(Task.objects.get(pk=body["id"]))] == [org.users["own"].pk]
    # The rep sees it under "mine"; the supervisor under "team".
    mine = org.client("own").get(V1, {"scope": "mine"}).json()["items"]
    team = org.client("supervisor").get(V1, {"scope": "team"}).json()["items"]
    assert [t["id"] for t in mine] == [t["id"] for t in team] == [body["id"]]


def test_assigning_outside_the_reach_is_refused(org: Org) -> None:
    response = _post(org, "supervisor", assignee_id=org.users["other_team"].pk)
    assert response.status_code == 422
    assert response.json()["code"] == "permission.target_out_of_scope"
    assert not Task.objects.exists()


def test_linked_record_must_be_visible(org: Org) -> None:
    hidden = _post(org, "own", customer_id=org.customers["other_team"].pk)
    missing = _post(org, "own", customer_id=999999)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert not Task.objects.exists()


def test_a_contact_brings_its_customer_and_conflicts_are_refused(org: Org) -> None:
    response = _post(org, "own", contact_id=org.contacts["own"].pk)
    assert response.status_code == 201
    body = response.json()
    assert (body["customer_id"], body["contact_id"]) == (org.customers["own"].pk, org.contacts["own"].pk)
    assert (body["related_type"], body["related_id"], body["related_name"]) == (
        "customers",
        org.customers["own"].pk,
        "own 客户有限公司",
    )
    lead = make_lead(org.users["own"])
    both = _post(org, "own", lead_id=lead.pk, customer_id=org.customers["own"].pk)
    assert both.status_code == 422
    assert set(both.json()["fields"]) == {"lead_id"}


def test_editing_moves_the_reminder_and_a_stale_version_answers_409(org: Org) -> None:
    task = _task(org, remind_before_minutes=10)
    later = task.due_at + timedelta(hours=5)
    client = org.client("own")
    response = client.patch(
        f"{V1}/{task.pk}", {"version": 1, "due_at": later.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    [reminder] = _pending(task)
    assert reminder.due_at == later - timedelta(minutes=10)
    stale = client.patch(f"{V1}/{task.pk}", {"version": 1, "title": "旧"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    assert Task.objects.get(pk=task.pk).title == "跟进报价"


def test_reassigning_moves_the_reminder_and_notifies(org: Org) -> None:
    task = _task(org, "supervisor", assignee_id=org.users["own"].pk)
    response = org.client("supervisor").patch(
        f"{V1}/{task.pk}", {"version": 1, "assignee_id": org.users["same_team"].pk}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert [r.recipient_id for r in _pending(task)] == [org.users["same_team"].pk]
    assert Notification.objects.filter(recipient=org.users["same_team"], kind=notice_kinds.TASK_ASSIGNED).exists()
    assert AuditEntry.objects.filter(action="task.assigned", object_id=str(task.pk)).exists()


def test_complete_cancel_reopen_and_delete_keep_reminders_in_step(org: Org) -> None:
    task = _task(org)
    client = org.client("own")
    done = client.post(f"{V1}/{task.pk}/complete", {"version": 1}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["completed_at"]
    assert _pending(task) == []
    again = client.post(f"{V1}/{task.pk}/complete", {}, content_type="application/json")
    assert again.status_code == 200 and again.json()["version"] == 2
    cancel_done = client.post(f"{V1}/{task.pk}/cancel", {}, content_type="application/json")
    assert cancel_done.status_code == 409
    assert cancel_done.json()["code"] == "task.not_open"
    reopened = client.post(f"{V1}/{task.pk}/reopen", {"version": 2}, content_type="application/json")
    assert reopened.json()["status"] == "open"
    assert len(_pending(task)) == 1
    cancelled = client.post(f"{V1}/{task.pk}/cancel", {"version": 3}, content_type="application/json")
    assert cancelled.json()["status"] == "cancelled"
    assert _pending(task) == []
    # Reps may not delete; their supervisor may.
    assert client.delete(f"{V1}/{task.pk}").status_code == 403
    assert org.client("supervisor").delete(f"{V1}/{task.pk}").status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    actions = set(AuditEntry.objects.filter(object_type="tasks").values_list("action", flat=True))
    assert actions >= {"task.created", "task.completed", "task.reopened", "task.cancelled", "task.deleted"}


def test_completing_a_recurring_task_creates_the_next_once(org: Org) -> None:
    due = timezone.now() + timedelta(hours=2)
    task = _task(org, due_at=due, recurrence="weekly", remind_before_minutes=15)
    client = org.client("own")
    client.post(f"{V1}/{task.pk}/complete", {}, content_type="application/json")
    client.post(f"{V1}/{task.pk}/reopen", {}, content_type="application/json")
    client.post(f"{V1}/{task.pk}/complete", {}, content_type="application/json")
    [following] = Task.objects.exclude(pk=task.pk)
    assert following.due_at == due + timedelta(days=7)
    assert (following.series_id, following.previous_id, following.status) == (task.pk, task.pk, "open")
    assert (following.assignee_id, following.recurrence) == (org.users["own"].pk, "weekly")
    assert _pending(following)[0].due_at == following.due_at - timedelta(minutes=15)


def test_a_series_ends_at_its_until_date(org: Org) -> None:
    due = timezone.now() + timedelta(hours=1)
    until = timezone.localdate(due) + timedelta(days=1)
    task = _task(org, due_at=due, recurrence="daily", recurrence_until=until)
    task_actions.complete_task(actor=org.users["own"], task_id=task.pk)
    second = Task.objects.get(previous=task)
    task_actions.complete_task(actor=org.users["own"], task_id=second.pk)
    assert not Task.objects.filter(previous=second).exists()


def test_until_without_recurrence_is_refused(org: Org) -> None:
    response = _post(org, "own", recurrence_until="2031-01-01")
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"recurrence_until"}


@pytest.mark.parametrize(
    ("recurrence", "start", "expected"),
    [
        ("daily", datetime(2031, 1, 30, 9, 0), datetime(2031, 1, 31, 9, 0)),
        ("weekdays", datetime(2031, 1, 31, 9, 0), datetime(2031, 2, 3, 9, 0)),  # Friday → Monday
        ("weekly", datetime(2031, 1, 31, 9, 0), datetime(2031, 2, 7, 9, 0)),
        ("monthly", datetime(2031, 1, 31, 9, 0), datetime(2031, 2, 28, 9, 0)),
        ("none", datetime(2031, 1, 31, 9, 0), None),
    ],
)
def test_next_due_keeps_the_local_time(recurrence: str, start: datetime, expected: datetime | None) -> None:
    result = task_actions.next_due(start.replace(tzinfo=SHANGHAI), recurrence)
    assert result == (expected.replace(tzinfo=SHANGHAI) if expected else None)


def test_monthly_series_returns_to_its_day() -> None:
    february = datetime(2031, 2, 28, 9, 0, tzinfo=SHANGHAI)
    assert task_actions.next_due(february, "monthly", anchor_day=31) == datetime(2031, 3, 31, 9, 0, tzinfo=SHANGHAI)


def test_lists_filter_and_overdue(org: Org) -> None:
    now = timezone.now()
    late = _task(org, title="逾期", due_at=now - timedelta(hours=3), priority="urgent")
    soon = _task(org, title="明天", due_at=now + timedelta(days=1), customer_id=None)
    _task(org, "supervisor", title="主管的", due_at=now + timedelta(days=2))
    done = _task(org, title="完成的", due_at=now - timedelta(days=1))
    task_actions.complete_task(actor=org.users["own"], task_id=done.pk)
    client = org.client("own")

    def ids(**query: Any) -> list[int]:
        response = client.get(V1, query)
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids(scope="mine") == [done.pk, late.pk, soon.pk]
    assert ids(overdue=True) == [late.pk]
    assert ids(priority=["urgent"]) == [late.pk]
    assert ids(status=["done"]) == [done.pk]
    assert ids(due_from=now.isoformat(), due_to=(now + timedelta(days=3)).isoformat()) == [soon.pk]
    assert ids(scope="team") == []
    overdue = client.get(V1, {"overdue": True}).json()["items"][0]
    assert overdue["is_overdue"] is True
    assert client.get(V1, {"priority": ["whenever"]}).status_code == 422


def test_list_paginates_with_a_constant_query_count(org: Org) -> None:
    customer = org.customers["own"].pk
    for index in range(3):
        _task(org, title=f"任务{index}", customer_id=customer, due_at=timezone.now() + timedelta(hours=index + 1))
    client = org.client("supervisor")
    client.get(V1)  # session and profile warm-up
    with CaptureQueriesContext(connection) as few:
        first = client.get(V1, {"limit": 2})
    for index in range(12):
        _task(org, title=f"更多{index}", customer_id=customer, due_at=timezone.now() + timedelta(days=index + 1))
    with CaptureQueriesContext(connection) as many:
        response = client.get(V1, {"limit": 50})
    assert len(response.json()["items"]) == 15
    assert len(many) == len(few)
    cursor = first.json()["next_cursor"]
    rest = client.get(V1, {"limit": 50, "cursor": cursor}).json()["items"]
    assert len(rest) == 13
    assert {item["related_name"] for item in rest} == {"own 客户有限公司"}


def test_related_name_is_withheld_from_who_cannot_see_the_record(org: Org) -> None:
    task = _task(org, "supervisor", assignee_id=org.users["own"].pk, customer_id=org.customers["same_team"].pk)
    item = org.client("own").get(f"{V1}/{task.pk}").json()
    assert (item["related_type"], item["related_id"]) == ("customers", org.customers["same_team"].pk)
    assert item["related_name"] is None


def test_record_tabs_list_the_records_tasks(org: Org) -> None:
    task = _task(org, contact_id=org.contacts["own"].pk)
    _task(org, title="无关")
    client = org.client("own")
    response = client.get(f"/api/v1/customers/{org.customers['own'].pk}/tasks")
    assert [item["id"] for item in response.json()["items"]] == [task.pk]
    hidden = org.client("same_team").get(f"/api/v1/customers/{org.customers['own'].pk}/tasks")
    assert hidden.status_code == 404
    lead = make_lead(org.users["own"])
    lead_task = _task(org, lead_id=lead.pk)
    assert [i["id"] for i in client.get(f"/api/v1/leads/{lead.pk}/tasks").json()["items"]] == [lead_task.pk]
