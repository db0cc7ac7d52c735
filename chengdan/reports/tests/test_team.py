"""The team views: who is missing (and reminders), the roll-up, and the records behind any figure."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.notifications.models import Notification
from chengdan.reports import actions, tasks
from chengdan.reports.tests.factories import MONDAY, WEDNESDAY, at, follow_up, put_user, task, visit
from chengdan.reports.tests.helpers import V1, post, put, write_and_submit
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
FRIDAY = WEDNESDAY + timedelta(days=2)
SATURDAY = WEDNESDAY + timedelta(days=3)


def _ids(rows: list[dict[str, object]], key: str = "user_id") -> set[object]:
    return {row[key] for row in rows}


def test_missing_lists_the_team_members_without_a_submitted_report(org: Org) -> None:
    write_and_submit(org.client("own"))
    put(org.client("same_team"), {"kind": "weekly", "date": str(WEDNESDAY), "summary": "写了一半"})
    response = org.client("supervisor").get(f"{V1}/work-reports/missing?kind=weekly&date={WEDNESDAY}")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(row["user_id"], row["has_draft"]) for row in items] == [(org.users["same_team"].pk, True)]
    region = org.client("regional_manager").get(f"{V1}/work-reports/missing?kind=weekly&date={WEDNESDAY}").json()
    expected = {org.users[name].pk for name in ("supervisor", "same_team", "other_supervisor", "other_team")}
    assert _ids(region["items"]) == expected
    assert org.client("own").get(f"{V1}/work-reports/missing?kind=weekly").status_code == 403


def test_remind_notifies_each_missing_member_once_per_period(org: Org) -> None:
    write_and_submit(org.client("own"), kind="daily")
    supervisor = org.client("supervisor")
    body = {"kind": "daily", "date": str(WEDNESDAY)}
    first = post(supervisor, "/work-reports/missing/remind", body)
    assert first.status_code == 200, first.content
    assert first.json() == {"sent": 1, "missing": 1}
    assert post(supervisor, "/work-reports/missing/remind", body).json() == {"sent": 0, "missing": 1}
    notice = Notification.objects.get(kind="reports.missing")
    assert notice.recipient_id == org.users["same_team"].pk
    assert notice.dedupe_key == f"reports.missing:daily:{WEDNESDAY}"
    # Ids outside the team are ignored, not reminded.
    outsider = post(
        supervisor,
        "/work-reports/missing/remind",
        {**body, "date": str(MONDAY), "user_ids": [org.users["other_team"].pk]},
    )
    assert outsider.json() == {"sent": 0, "missing": 0}
    assert not Notification.objects.filter(recipient=org.users["other_team"]).exists()


def test_scheduled_reminder_waits_for_the_configured_time_and_sends_once(org: Org, settings: object) -> None:
    reporters = {org.users[name].pk for name in ("own", "same_team", "supervisor", "other_supervisor", "other_team")}
    reporters |= {org.users["regional_manager"].pk, org.users["admin"].pk}
    write_and_submit(org.client("own"), kind="daily")
    assert actions.remind_all_missing(at(WEDNESDAY, 17, 59)) == {"daily": 0, "weekly": 0}
    sent = actions.remind_all_missing(at(WEDNESDAY, 18, 0))
    assert sent == {"daily": len(reporters) - 1, "weekly": 0}
    assert actions.remind_all_missing(at(WEDNESDAY, 18, 30)) == {"daily": 0, "weekly": 0}
    reminded = set(Notification.objects.filter(kind="reports.missing").values_list("recipient_id", flat=True))
    assert reminded == reporters - {org.users["own"].pk}
    assert org.users["customer_service"].pk not in reminded
    friday = actions.remind_all_missing(at(FRIDAY, 18, 5))
    assert friday == {"daily": len(reporters), "weekly": len(reporters)}
    assert actions.remind_all_missing(at(SATURDAY, 9)) == {"daily": 0, "weekly": 0}
    settings.REPORTS_REMINDER_TIME = "20:30"  # type: ignore[attr-defined]
    assert actions.remind_all_missing(at(FRIDAY + timedelta(days=7), 19)) == {"daily": 0, "weekly": 0}
    assert isinstance(tasks.remind_missing_reports(), dict)


def test_rollup_shows_each_reps_live_figures_and_totals(org: Org) -> None:
    own, same = org.users["own"], org.users["same_team"]
    follow_up(own, at(WEDNESDAY), customer=org.customers["own"])
    follow_up(own, at(WEDNESDAY, 11))
    follow_up(same, at(MONDAY))
    visit(same, at(MONDAY), is_far=True)
    follow_up(org.users["other_team"], at(MONDAY))
    submitted = write_and_submit(org.client("own"))
    response = org.client("supervisor").get(f"{V1}/work-reports/rollup?kind=weekly&date={WEDNESDAY}")
    assert response.status_code == 200, response.content
    body = response.json()
    rows = {row["user_id"]: row for row in body["rows"]}
    assert set(rows) == {own.pk, same.pk}
    assert rows[own.pk]["status"] == "submitted" and rows[own.pk]["report_id"] == submitted["id"]
    assert rows[same.pk]["status"] == "missing" and rows[same.pk]["report_id"] is None
    assert rows[own.pk]["figures"]["follow_ups"] == 2
    assert rows[same.pk]["figures"]["far_visits"] == 1
    assert body["totals"]["follow_ups"] == 3 and body["totals"]["visits"] == 1
    assert (body["period_start"], body["period_end"]) == (str(MONDAY), str(MONDAY + timedelta(days=6)))
    region = org.client("regional_manager").get(
        f"{V1}/work-reports/rollup?kind=weekly&date={WEDNESDAY}&department_id={org.other_team.pk}"
    )
    assert {row["user_id"] for row in region.json()["rows"]} == {
        org.users["other_team"].pk,
        org.users["other_supervisor"].pk,
    }
    assert org.client("own").get(f"{V1}/work-reports/rollup?kind=weekly").status_code == 403


def test_rollup_query_count_does_not_grow_with_the_team(org: Org) -> None:
    manager = org.client("regional_manager")
    url = f"{V1}/work-reports/rollup?kind=daily&date={WEDNESDAY}"
    with CaptureQueriesContext(connection) as small:
        assert manager.get(url).status_code == 200
    for index in range(12):
        rep = put_user(org, f"rep_extra{index}", org.team if index % 2 else org.other_team)
        follow_up(rep, at(WEDNESDAY))
    with CaptureQueriesContext(connection) as large:
        body = manager.get(url).json()
    assert len(body["rows"]) == 17 and body["totals"]["follow_ups"] == 12
    assert len(large) == len(small)


def test_drill_down_lists_only_what_the_reader_may_see(org: Org) -> None:
    own = org.users["own"]
    # The rep followed up on a colleague's customer in another team: it counts for the rep,
    # but their supervisor cannot see that customer, so not the follow-up either.
    mine = follow_up(own, at(WEDNESDAY), customer=org.customers["own"], content="报价沟通")
    follow_up(own, at(WEDNESDAY, 11), customer=org.customers["other_team"], content="外组客户")
    report = write_and_submit(org.client("own"))
    assert report["figures"]["follow_ups"] == 2
    supervisor = org.client("supervisor")
    url = f"{V1}/work-reports/{report['id']}/figures/follow_ups/records"
    listed = supervisor.get(url).json()
    assert [row["id"] for row in listed["items"]] == [mine.pk]
    assert listed["items"][0]["title"] == "报价沟通"
    assert listed["items"][0]["link"] == f"/customers/{org.customers['own'].pk}"
    assert listed["items"][0]["detail"] == "phone"
    assert len(org.client("own").get(url).json()["items"]) == 2
    assert supervisor.get(f"{url}?follow_up_kind=wechat").json()["items"] == []
    assert supervisor.get(f"{url}?follow_up_kind=fax").status_code == 422
    unknown = supervisor.get(f"{V1}/work-reports/{report['id']}/figures/nonsense/records")
    assert unknown.status_code == 404
    assert org.client("same_team").get(url).status_code == 404


def test_drill_down_pages_through_the_records(org: Org) -> None:
    own = org.users["own"]
    for hour in range(8, 13):
        task(own, at(MONDAY, hour), done_at=at(WEDNESDAY, hour))
    client = org.client("own")
    report = put(client, {"kind": "weekly", "date": str(WEDNESDAY), "summary": "x"}).json()
    url = f"{V1}/work-reports/{report['id']}/figures/tasks_done/records?limit=2"
    first = client.get(url).json()
    assert first["count"] == 5 and len(first["items"]) == 2
    second = client.get(f"{url}&cursor={first['next_cursor']}").json()
    assert [row["id"] for row in first["items"] + second["items"]] == sorted(
        [row["id"] for row in first["items"] + second["items"]], reverse=True
    )


def test_rollup_records_need_the_rep_in_the_readers_team(org: Org) -> None:
    own = org.users["own"]
    follow_up(own, at(WEDNESDAY), customer=org.customers["own"])
    supervisor = org.client("supervisor")
    base = f"{V1}/work-reports/rollup/records?figure=follow_ups&kind=daily&date={WEDNESDAY}"
    listed = supervisor.get(f"{base}&user_id={own.pk}")
    assert listed.status_code == 200 and len(listed.json()["items"]) == 1
    assert supervisor.get(f"{base}&user_id={org.users['other_team'].pk}").status_code == 404
    assert supervisor.get(f"{base}&user_id=999999").status_code == 404
    assert org.client("own").get(f"{base}&user_id={own.pk}").status_code == 403
