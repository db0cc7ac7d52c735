"""The calendar: what each person sees in a range, drag to reschedule, and the private iCalendar feed."""

from datetime import datetime, timedelta
from typing import Any

import icalendar
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.activities import reminders, task_actions
from chengdan.activities.choices import ReminderKind, ReminderStatus
from chengdan.activities.models import CalendarFeed, FollowUp, Reminder, Task, Visit
from chengdan.audit.models import AuditEntry
from chengdan.testing.org import Org

V1 = "/api/v1/calendar"
SHANGHAI = timezone.get_fixed_timezone(8 * 60)
MONDAY = datetime(2031, 3, 3, tzinfo=SHANGHAI)


def _range(start: datetime = MONDAY, days: int = 7, **extra: Any) -> dict[str, Any]:
    return {"start": start.isoformat(), "end": (start + timedelta(days=days)).isoformat(), **extra}


def _task(org: Org, persona: str, at: datetime, **values: Any) -> Task:
    return task_actions.create_task(actor=org.users[persona], title=values.pop("title", "任务"), due_at=at, **values)


def _follow_up(org: Org, persona: str, at: datetime, next_at: datetime | None = None) -> FollowUp:
    user = org.users[persona]
    return FollowUp.objects.create(
        customer=org.customers[persona],
        kind="phone",
        content="电话沟通报价",
        occurred_at=at,
        author=user,
        department_id=user.department_id,
        next_follow_up_at=next_at,
    )


def _visit(org: Org, persona: str, at: datetime) -> Visit:
    user = org.users[persona]
    return Visit.objects.create(
        customer=org.customers[persona], owner=user, department_id=user.department_id, purpose="方案演示", planned_at=at
    )


def _keys(response: Any) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["key"] for item in response.json()]


def test_my_calendar_shows_every_kind_in_the_range(org: Org) -> None:
    task = _task(org, "own", MONDAY + timedelta(hours=10), title="报价截止")
    follow_up = _follow_up(org, "own", MONDAY + timedelta(hours=9), next_at=MONDAY + timedelta(days=2, hours=9))
    visit = _visit(org, "own", MONDAY + timedelta(days=1, hours=14))
    _task(org, "own", MONDAY + timedelta(days=8))  # outside the range
    _task(org, "same_team", MONDAY + timedelta(hours=11))  # someone else's
    response = org.client("own").get(f"{V1}/events", _range())
    assert _keys(response) == [
        f"follow_up:{follow_up.pk}",
        f"task:{task.pk}",
        f"visit:{visit.pk}",
        f"planned_follow_up:{follow_up.pk}",
    ]
    items = {item["key"]: item for item in response.json()}
    assert items[f"task:{task.pk}"]["title"] == "报价截止"
    assert items[f"task:{task.pk}"]["editable"] is True
    assert items[f"follow_up:{follow_up.pk}"]["editable"] is False
    planned = items[f"planned_follow_up:{follow_up.pk}"]
    assert (planned["title"], planned["editable"], planned["related_name"]) == (
        "计划跟进 · own 客户有限公司",
        True,
        "own 客户有限公司",
    )
    assert items[f"visit:{visit.pk}"]["title"] == "方案演示 · own 客户有限公司"


def test_team_calendar_covers_the_department_tree_as_far_as_visible(org: Org) -> None:
    mine = _task(org, "own", MONDAY + timedelta(hours=9))
    colleague = _task(org, "same_team", MONDAY + timedelta(hours=10))
    other = _task(org, "other_team", MONDAY + timedelta(hours=11))
    supervisor = org.client("supervisor")
    assert _keys(supervisor.get(f"{V1}/events", _range(scope="team"))) == [f"task:{mine.pk}", f"task:{colleague.pk}"]
    manager = org.client("regional_manager")
    assert _keys(manager.get(f"{V1}/events", _range(scope="team"))) == [
        f"task:{mine.pk}",
        f"task:{colleague.pk}",
        f"task:{other.pk}",
    ]
    one = manager.get(f"{V1}/events", _range(scope="team", user_id=org.users["other_team"].pk))
    assert _keys(one) == [f"task:{other.pk}"]
    # A rep's team view shows only what the rep may see of the team: not the colleague's task.
    assert _keys(org.client("own").get(f"{V1}/events", _range(scope="team"))) == [f"task:{mine.pk}"]
    outside = supervisor.get(f"{V1}/events", _range(scope="team", user_id=org.users["other_team"].pk))
    assert outside.status_code == 404


def test_range_is_bounded(org: Org) -> None:
    client = org.client("own")
    too_long = client.get(f"{V1}/events", _range(days=63))
    assert too_long.status_code == 422
    assert set(too_long.json()["fields"]) == {"end"}
    backwards = client.get(f"{V1}/events", {"start": MONDAY.isoformat(), "end": MONDAY.isoformat()})
    assert backwards.status_code == 422
    assert client.get(f"{V1}/events", {"start": "yesterday"}).status_code == 422
    assert client.get(f"{V1}/events", _range(days=62)).status_code == 200


def test_calendar_reads_a_constant_number_of_queries(org: Org) -> None:
    def fill(offset: int, count: int) -> None:
        for index in range(count):
            at = MONDAY + timedelta(hours=offset + index)
            persona = ("own", "same_team")[index % 2]
            _task(org, persona, at, links={"customer_id": org.customers[persona].pk})
            _follow_up(org, persona, at, next_at=at + timedelta(days=1))
            _visit(org, persona, at)

    client = org.client("supervisor")
    fill(0, 1)
    client.get(f"{V1}/events", _range(scope="team"))
    with CaptureQueriesContext(connection) as few:
        small = client.get(f"{V1}/events", _range(scope="team"))
    fill(10, 8)
    with CaptureQueriesContext(connection) as many:
        large = client.get(f"{V1}/events", _range(scope="team"))
    assert (len(small.json()), len(large.json())) == (4, 36)
    assert len(many) == len(few)


def _move(client: Client, **body: Any) -> Any:
    return client.post(f"{V1}/reschedule", body, content_type="application/json")


def test_dragging_a_task_moves_it_and_its_reminder(org: Org) -> None:
    at = timezone.now() + timedelta(days=1)
    task = _task(org, "own", at, remind_before_minutes=30)
    target = at + timedelta(days=2)
    response = _move(org.client("own"), item_type="task", item_id=task.pk, version=1, start=target.isoformat())
    assert response.status_code == 200, response.json()
    assert (response.json()["version"], response.json()["start"][:16]) == (2, target.isoformat()[:16])
    [reminder] = Reminder.objects.filter(dedupe_key=f"task:{task.pk}", status=ReminderStatus.PENDING)
    assert reminder.due_at == Task.objects.get(pk=task.pk).due_at - timedelta(minutes=30)
    stale = _move(org.client("own"), item_type="task", item_id=task.pk, version=1, start=at.isoformat())
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 2
    # Someone who cannot see it gets 404, as for a missing id.
    hidden = _move(org.client("same_team"), item_type="task", item_id=task.pk, version=2, start=at.isoformat())
    assert hidden.status_code == 404
    assert AuditEntry.objects.filter(action="task.rescheduled", object_id=str(task.pk)).count() == 1


def test_dragging_a_visit_reschedules_its_reminder_as_planning_does(org: Org) -> None:
    at = timezone.now() + timedelta(days=1)
    visit = _visit(org, "own", at)
    reminders.schedule_reminder(
        recipient_id=org.users["own"].pk,
        kind=ReminderKind.VISIT_DUE,
        due_at=at - timedelta(minutes=30),
        subject_type="visits",
        subject_id=visit.pk,
        title=f"拜访提醒：{timezone.localtime(at):%H:%M}",
        dedupe_key=f"visit:{visit.pk}",
    )
    target = (at + timedelta(days=3)).replace(hour=2, minute=15)
    response = _move(org.client("own"), item_type="visit", item_id=visit.pk, version=1, start=target.isoformat())
    assert response.status_code == 200, response.json()
    visit.refresh_from_db()
    assert (visit.planned_at, visit.version) == (target, 2)
    [reminder] = Reminder.objects.filter(dedupe_key=f"visit:{visit.pk}")
    # Half an hour ahead, the new time in its title, and a link that opens the check-in page.
    assert (reminder.status, reminder.due_at) == ("pending", target - timedelta(minutes=30))
    assert f"{timezone.localtime(target):%H:%M}" in reminder.title
    assert reminder.link == f"/visits/{visit.pk}/check-in"
    assert AuditEntry.objects.filter(action="visit.rescheduled", object_id=str(visit.pk)).exists()
    Visit.objects.filter(pk=visit.pk).update(status="completed")
    done = _move(org.client("own"), item_type="visit", item_id=visit.pk, version=2, start=at.isoformat())
    assert done.status_code == 409


def test_dragging_a_planned_follow_up_schedules_its_reminder(org: Org) -> None:
    at = timezone.now() + timedelta(days=1)
    follow_up = _follow_up(org, "own", timezone.now(), next_at=at)
    target = at + timedelta(hours=3)
    client = org.client("own")
    response = _move(client, item_type="planned_follow_up", item_id=follow_up.pk, version=1, start=target.isoformat())
    assert response.status_code == 200, response.json()
    assert response.json()["type"] == "planned_follow_up"
    follow_up.refresh_from_db()
    assert follow_up.next_follow_up_at == target
    [reminder] = Reminder.objects.filter(dedupe_key=f"follow_up:{follow_up.pk}")
    assert (reminder.recipient_id, reminder.due_at, reminder.subject_type) == (
        org.users["own"].pk,
        target,
        "follow_ups",
    )
    # The same title and link as when the follow-up was logged: the record it is about.
    customer = follow_up.customer
    assert customer is not None
    assert customer.name in reminder.title and reminder.link == f"/customers/{customer.pk}"
    # Dragged into the past, the reminder is cancelled rather than fired at once.
    past = timezone.now() - timedelta(hours=1)
    assert (
        _move(
            client, item_type="planned_follow_up", item_id=follow_up.pk, version=2, start=past.isoformat()
        ).status_code
        == 200
    )
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    # A colleague who cannot see the customer cannot move it either.
    refused = _move(
        org.client("other_team"), item_type="planned_follow_up", item_id=follow_up.pk, version=3, start=at.isoformat()
    )
    assert refused.status_code == 404
    unplanned = _follow_up(org, "own", timezone.now())
    nothing = _move(client, item_type="planned_follow_up", item_id=unplanned.pk, version=1, start=at.isoformat())
    assert nothing.status_code == 422


def _ics(client: Client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_feed_url_serves_my_plan_and_stops_working_when_revoked(org: Org) -> None:
    now = timezone.now()
    task = _task(org, "own", now + timedelta(days=3), title="续约提醒")
    visit = _visit(org, "own", now + timedelta(days=5))
    follow_up = _follow_up(org, "own", now - timedelta(days=1), next_at=now + timedelta(days=7))
    _task(org, "own", now + timedelta(days=200), title="太远")
    _task(org, "same_team", now + timedelta(days=3), title="别人的")
    client = org.client("own")
    assert client.get(f"{V1}/feed").json() == {"is_active": False}
    created = client.post(f"{V1}/feed")
    assert created.status_code == 201
    url = created.json()["url"]
    assert url.startswith("http://testserver/ical/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeed.objects.get().token_hash != token  # only the hash is kept
    assert "url" not in client.get(f"{V1}/feed").json()

    path = url.removeprefix("http://testserver")
    document = _ics(Client(), path)  # no session: the token is the credential
    events = {str(event["uid"]): event for event in document.walk("VEVENT")}
    assert set(events) == {
        f"task-{task.pk}@chengdan",
        f"visit-{visit.pk}@chengdan",
        f"planned_follow_up-{follow_up.pk}@chengdan",
    }
    task_event = events[f"task-{task.pk}@chengdan"]
    assert str(task_event["summary"]) == "续约提醒"
    start = task_event.decoded("dtstart")
    assert start.utcoffset() == timedelta(0)
    assert start == task.due_at.replace(microsecond=0) or start == task.due_at
    assert CalendarFeed.objects.get().last_used_at is not None

    # Rotating replaces the URL; revoking ends it.
    rotated = client.post(f"{V1}/feed").json()["url"].removeprefix("http://testserver")
    assert Client().get(path).status_code == 404
    assert client.delete(f"{V1}/feed").status_code == 204
    assert Client().get(rotated).status_code == 404
    assert client.get(f"{V1}/feed").json() == {"is_active": False}
    assert Client().get("/ical/not-a-token.ics").status_code == 404
    actions = set(AuditEntry.objects.filter(object_type="calendar_feeds").values_list("action", flat=True))
    assert actions == {"calendar_feed.created", "calendar_feed.rotated", "calendar_feed.revoked"}


def test_feed_of_a_deactivated_user_is_gone(org: Org) -> None:
    client = org.client("own")
    path = client.post(f"{V1}/feed").json()["url"].removeprefix("http://testserver")
    org.users["own"].is_active = False
    org.users["own"].save(update_fields=["is_active"])
    assert Client().get(path).status_code == 404
