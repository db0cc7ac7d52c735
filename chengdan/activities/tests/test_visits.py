"""Field visits through the API: week plan, reminders, check-in distance and far flag, pinning, check-out."""

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from chengdan.activities import geo
from chengdan.activities.choices import ReminderKind, ReminderStatus, VisitStatus
from chengdan.activities.models import FollowUp, Reminder, Visit
from chengdan.activities.tests.follow_up_factories import plan
from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Customer
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
URL = "/api/v1/visits"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The customer sits at People's Square; 0.0045° of latitude north is about 500 m away.
HOME = (31.2304, 121.4737)


def _post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, json.dumps(body, default=str), content_type="application/json", **extra)


def _position(latitude: float = HOME[0], longitude: float = HOME[1], accuracy_m: float = 12.0) -> dict[str, Any]:
    return {"latitude": latitude, "longitude": longitude, "accuracy_m": accuracy_m}


def _locate(customer: Customer, latitude: float = HOME[0], longitude: float = HOME[1]) -> None:
    Customer.objects.filter(pk=customer.pk).update(latitude=Decimal(str(latitude)), longitude=Decimal(str(longitude)))


def test_haversine_matches_known_distances() -> None:
    assert geo.haversine_m(0, 0, 1, 0) == pytest.approx(111_195, abs=1)
    # People's Square to the Oriental Pearl Tower, about 2.6 km.
    assert geo.haversine_m(31.2304, 121.4737, 31.2397, 121.4998) == pytest.approx(2_690, rel=0.02)
    assert geo.haversine_m(*HOME, *HOME) == 0


def test_planning_schedules_a_reminder_half_an_hour_ahead_and_moving_or_cancelling_follows(org: Org) -> None:
    client = org.client("own")
    planned_at = timezone.now() + timedelta(days=2)

    created = _post(
        client, URL, {"customer_id": org.customers["own"].pk, "planned_at": planned_at, "purpose": "方案交流"}
    )

    assert created.status_code == 201, created.content
    visit = created.json()
    assert (visit["status"], visit["purpose"], visit["owner_name"]) == ("planned", "方案交流", "rep_own")
    reminder = Reminder.objects.get(subject_type="visits", subject_id=str(visit["id"]))
    assert (reminder.kind, reminder.due_at, reminder.recipient_id) == (
        ReminderKind.VISIT_DUE,
        planned_at - timedelta(minutes=30),
        org.users["own"].pk,
    )
    moved_to = planned_at + timedelta(days=1)
    moved = client.patch(
        f"{URL}/{visit['id']}",
        json.dumps({"version": 1, "planned_at": moved_to.isoformat()}),
        content_type="application/json",
    )
    assert moved.status_code == 200
    reminder.refresh_from_db()
    assert reminder.due_at == moved_to - timedelta(minutes=30)

    cancelled = _post(client, f"{URL}/{visit['id']}/cancel", {"version": 2, "reason": "客户出差"})
    assert cancelled.json()["status"] == "cancelled"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert list(AuditEntry.objects.filter(object_type="visits").order_by("seq").values_list("action", flat=True)) == [
        "visit.planned",
        "visit.updated",
        "visit.cancelled",
    ]


def test_a_contact_or_deal_of_another_customer_is_refused(org: Org) -> None:
    body = {"customer_id": org.customers["own"].pk, "planned_at": timezone.now() + timedelta(days=1)}
    response = _post(org.client("own"), URL, {**body, "contact_id": org.contacts["same_team"].pk})
    assert response.status_code == 422
    assert "contact_id" in response.json()["fields"]


def test_the_week_plan_lists_a_reps_visits_of_one_iso_week(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    monday = datetime(2030, 1, 7, 9, 0, tzinfo=SHANGHAI)  # ISO week 2030-W02
    inside = [plan(own, customer.pk, monday + timedelta(days=day)) for day in (0, 4, 6)]
    plan(own, customer.pk, monday - timedelta(minutes=10 * 60))  # Sunday evening of W01
    plan(own, customer.pk, monday + timedelta(days=7))
    plan(org.users["same_team"], org.customers["same_team"].pk, monday)

    response = org.client("own").get(f"{URL}?owner_id={own.pk}&week=2030-W02&ordering=planned_at")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [visit.pk for visit in inside]
    assert date.fromisocalendar(2030, 2, 1) == monday.date()
    bad = org.client("own").get(f"{URL}?week=2030-W60")
    assert bad.status_code == 422 and "week" in bad.json()["fields"]


def test_check_in_near_the_customer_is_not_flagged_far_away_is(org: Org, settings: Any) -> None:
    settings.CHENGDAN_VISIT_MAX_DISTANCE_M = 300
    customer = org.customers["own"]
    _locate(customer)
    client = org.client("own")
    near = plan(org.users["own"], customer.pk, timezone.now() + timedelta(hours=1))
    away = plan(org.users["own"], customer.pk, timezone.now() + timedelta(hours=2))

    at_door = _post(client, f"{URL}/{near.pk}/check-in", _position(HOME[0] + 0.0009, HOME[1]))
    down_the_road = _post(client, f"{URL}/{away.pk}/check-in", _position(HOME[0] + 0.0045, HOME[1]))

    assert at_door.status_code == down_the_road.status_code == 200
    assert (at_door.json()["check_in_distance_m"], at_door.json()["is_far"]) == (100, False)
    assert (down_the_road.json()["check_in_distance_m"], down_the_road.json()["is_far"]) == (500, True)
    assert at_door.json()["status"] == "checked_in"
    assert Reminder.objects.filter(subject_type="visits", status=ReminderStatus.PENDING).count() == 0
    # The team log shows the far one to the supervisor.
    flagged = org.client("supervisor").get(f"{URL}?is_far=true&department_id={org.team.pk}").json()["items"]
    assert [item["id"] for item in flagged] == [away.pk]


def test_without_a_customer_location_nothing_is_flagged_and_the_rep_may_pin_it(org: Org) -> None:
    customer = org.customers["own"]
    client = org.client("own")
    first = plan(org.users["own"], customer.pk, timezone.now() + timedelta(hours=1))
    second = plan(org.users["own"], customer.pk, timezone.now() + timedelta(hours=3))
    assert client.get(f"{URL}/{first.pk}").json()["can_pin_customer_location"] is True

    vague = _post(client, f"{URL}/{first.pk}/check-in", {**_position(accuracy_m=2000), "pin_customer_location": True})
    assert vague.status_code == 422 and "pin_customer_location" in vague.json()["fields"]
    pinned = _post(client, f"{URL}/{first.pk}/check-in", {**_position(), "pin_customer_location": True})
    assert pinned.status_code == 200
    assert (pinned.json()["check_in_distance_m"], pinned.json()["is_far"]) == (0, False)
    customer.refresh_from_db()
    assert (customer.latitude, customer.longitude) == (Decimal("31.230400"), Decimal("121.473700"))
    assert AuditEntry.objects.filter(object_type="customers", action="customer.updated").latest("seq").changes[
        "latitude"
    ] == [None, "31.230400"]
    again = _post(client, f"{URL}/{second.pk}/check-in", {**_position(), "pin_customer_location": True})
    assert again.status_code == 422

    unplaced = org.customers["same_team"]
    visit = plan(org.users["same_team"], unplaced.pk, timezone.now() + timedelta(hours=1))
    plain = _post(org.client("same_team"), f"{URL}/{visit.pk}/check-in", _position(10, 10))
    assert (plain.json()["check_in_distance_m"], plain.json()["is_far"]) == (None, False)


def test_check_in_refusals(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    client = org.client("own")
    cancelled = plan(own, customer.pk, timezone.now() + timedelta(hours=1))
    Visit.objects.filter(pk=cancelled.pk).update(status=VisitStatus.CANCELLED)
    visit = plan(own, customer.pk, timezone.now() + timedelta(hours=1))

    closed = _post(client, f"{URL}/{cancelled.pk}/check-in", _position())
    out_of_range_en = _post(client, f"{URL}/{visit.pk}/check-in", _position(91, 200), HTTP_ACCEPT_LANGUAGE="en")
    out_of_range_zh = _post(client, f"{URL}/{visit.pk}/check-in", _position(-91, 0), HTTP_ACCEPT_LANGUAGE="zh-hans")
    too_early = _post(client, f"{URL}/{visit.pk}/check-out", {**_position(), "summary": "x"})
    first = _post(client, f"{URL}/{visit.pk}/check-in", _position())
    twice = _post(client, f"{URL}/{visit.pk}/check-in", _position())
    not_mine = _post(org.client("supervisor"), f"{URL}/{visit.pk}/check-out", {**_position(), "summary": "代签"})

    assert (closed.status_code, closed.json()["code"]) == (422, "visit.not_open")
    assert out_of_range_en.status_code == out_of_range_zh.status_code == 422
    assert "latitude" in out_of_range_en.json()["fields"]["latitude"]
    assert "纬度" in out_of_range_zh.json()["fields"]["latitude"]
    assert (too_early.status_code, too_early.json()["code"]) == (422, "visit.not_checked_in")
    assert first.status_code == 200
    assert (twice.status_code, twice.json()["code"]) == (409, "visit.already_checked_in")
    assert (not_mine.status_code, not_mine.json()["code"]) == (403, "visit.not_owner")


def test_check_out_logs_the_summary_as_a_follow_up_with_the_next_reminder(org: Org) -> None:
    customer = org.customers["own"]
    client = org.client("own")
    visit = plan(org.users["own"], customer.pk, timezone.now() + timedelta(minutes=10))
    _post(client, f"{URL}/{visit.pk}/check-in", _position())
    next_at = timezone.now() + timedelta(days=7)

    response = _post(
        client,
        f"{URL}/{visit.pk}/check-out",
        {**_position(HOME[0] + 0.0001, HOME[1]), "summary": "演示顺利，客户要报价", "next_follow_up_at": next_at},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["visit"]["status"] == "completed"
    assert body["visit"]["summary"] == "演示顺利，客户要报价"
    follow_up = FollowUp.objects.get(pk=body["follow_up"]["id"])
    visit.refresh_from_db()
    assert (follow_up.kind, follow_up.source, follow_up.visit_id, follow_up.customer_id) == (
        "visit",
        "visit",
        visit.pk,
        customer.pk,
    )
    assert follow_up.occurred_at == visit.check_in_at
    assert Reminder.objects.get(subject_type="follow_ups", subject_id=str(follow_up.pk)).due_at == next_at
    customer.refresh_from_db()
    assert customer.last_follow_up_at == visit.check_in_at
    again = _post(client, f"{URL}/{visit.pk}/check-out", {**_position(), "summary": "再签退"})
    assert (again.status_code, again.json()["code"]) == (422, "visit.not_open")


def test_an_unplanned_visit_checks_in_on_the_spot(org: Org) -> None:
    _locate(org.customers["own"])
    body = {"customer_id": org.customers["own"].pk, "purpose": "顺路拜访", **_position(HOME[0] + 0.0018, HOME[1])}

    response = _post(org.client("own"), f"{URL}/check-in", body)
    hidden = _post(org.client("other_team"), f"{URL}/check-in", body)

    assert response.status_code == 201
    visit = response.json()
    assert (visit["status"], visit["check_in_distance_m"], visit["is_far"]) == ("checked_in", 200, False)
    assert visit["planned_at"] == visit["check_in_at"]
    assert hidden.status_code == 404
    assert AuditEntry.objects.get(object_type="visits").action == "visit.checked_in"


def test_the_visit_log_pages_cost_the_same_whatever_their_size(org: Org, django_assert_num_queries: Any) -> None:
    client = org.client("supervisor")
    client.get(URL)
    for size in (2, 10):
        while Visit.objects.count() < size:
            plan(org.users["own"], org.customers["own"].pk, timezone.now() + timedelta(hours=Visit.objects.count() + 1))
        with django_assert_num_queries(VISIT_LOG_QUERIES[connection.vendor]):
            assert len(client.get(f"{URL}?limit=100&status=planned").json()["items"]) == size


# Session and user (2), profile (1), the three share lookups of the scope (the first brings the pools), the
# page, its count, editable ids (with share lookups) and files.
VISIT_LOG_QUERIES = {"sqlite": 13, "postgresql": 19}
