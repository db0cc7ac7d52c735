"""Writing a report: draft, save with versions, submit (figures frozen), withdraw, read and comment."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.accounts import actions as org_actions
from chengdan.audit.models import AuditEntry
from chengdan.notifications.models import Notification
from chengdan.reports.models import WorkReport
from chengdan.reports.tests.factories import MONDAY, SUNDAY, WEDNESDAY, at, follow_up, task
from chengdan.reports.tests.helpers import V1, patch, post, put, write_and_submit
from chengdan.testing.org import Org, make_user

pytestmark = pytest.mark.django_db
WEEK = {"kind": "weekly", "date": str(WEDNESDAY)}


def test_draft_of_an_unwritten_period_is_unsaved_with_live_figures_and_the_default_layout(org: Org) -> None:
    follow_up(org.users["own"], at(WEDNESDAY))
    response = org.client("own").get(f"{V1}/work-reports/draft?kind=daily&date={WEDNESDAY}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] is None and body["version"] is None
    assert (body["period_start"], body["period_end"]) == (str(WEDNESDAY), str(WEDNESDAY))
    assert body["figures"]["follow_ups"] == 1 and body["figures_live"] is True
    assert [section["key"] for section in body["layout"]["sections"]] == ["summary", "plan", "problems"]
    assert body["layout"]["sections"][0]["label"] == "今日总结"
    assert "won_amount" not in body["layout"]["figures"]
    weekly = org.client("own").get(f"{V1}/work-reports/draft?kind=weekly&date={SUNDAY}").json()
    assert (weekly["period_start"], weekly["period_end"]) == (str(MONDAY), str(SUNDAY))
    assert "won_amount" in weekly["layout"]["figures"]


def test_draft_refuses_an_unknown_kind(org: Org) -> None:
    response = org.client("own").get(f"{V1}/work-reports/draft?kind=monthly")
    assert response.status_code == 422
    assert "kind" in response.json()["fields"]


def test_saving_needs_the_version_once_the_report_exists(org: Org) -> None:
    client = org.client("own")
    created = put(client, {**WEEK, "summary": "初稿"})
    assert created.status_code == 200, created.content
    report = created.json()
    assert report["version"] == 1 and report["summary"] == "初稿"
    # Saved from a day of the same week: the same report.
    again = put(client, {"kind": "weekly", "date": str(SUNDAY), "summary": "覆盖"})
    assert again.status_code == 409
    assert again.json()["current"]["summary"] == "初稿"
    stale = put(client, {**WEEK, "version": 0, "summary": "旧版本"})
    assert stale.status_code == 409
    updated = put(client, {**WEEK, "version": 1, "summary": "第二稿"})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    by_id = patch(client, f"/work-reports/{report['id']}", {"version": 1, "plan": "x"})
    assert by_id.status_code == 409
    assert WorkReport.objects.get().summary == "第二稿"
    assert AuditEntry.objects.filter(action="work_report.updated").count() == 1


def test_a_future_period_cannot_be_written(org: Org) -> None:
    response = put(org.client("own"), {"kind": "daily", "date": "2099-01-01", "summary": "x"})
    assert response.status_code == 422
    assert "date" in response.json()["fields"]


def test_submit_freezes_figures_and_layout_and_notifies_the_manager(org: Org) -> None:
    own = org.users["own"]
    follow_up(own, at(WEDNESDAY))
    client = org.client("own")
    submitted = write_and_submit(client)
    assert submitted["status"] == "submitted" and submitted["figures_live"] is False
    assert submitted["figures"]["follow_ups"] == 1
    assert submitted["submitted_to_id"] == org.users["supervisor"].pk
    follow_up(own, at(WEDNESDAY, 15))
    detail = client.get(f"{V1}/work-reports/{submitted['id']}").json()
    assert detail["figures"]["follow_ups"] == 1
    assert client.get(f"{V1}/work-reports/draft?kind=weekly&date={MONDAY}").json()["figures"]["follow_ups"] == 1
    notice = Notification.objects.get(recipient=org.users["supervisor"], kind="reports.submitted")
    assert notice.link == f"/work-reports/{submitted['id']}"
    assert AuditEntry.objects.filter(action="work_report.submitted", object_id=str(submitted["id"])).exists()


def test_a_submitted_report_cannot_be_edited_or_submitted_again(org: Org) -> None:
    client = org.client("own")
    report = write_and_submit(client)
    assert (
        patch(client, f"/work-reports/{report['id']}", {"version": report["version"], "plan": "改"}).json()["code"]
        == "work_report.submitted"
    )
    again = post(client, f"/work-reports/{report['id']}/submit", {"version": report["version"]})
    assert again.status_code == 409


def test_submit_needs_the_required_sections(org: Org) -> None:
    client = org.client("own")
    report = put(client, {**WEEK, "plan": "只有计划"}).json()
    response = post(client, f"/work-reports/{report['id']}/submit", {"version": report["version"]})
    assert response.status_code == 422
    assert response.json()["code"] == "work_report.sections_required"
    assert set(response.json()["fields"]) == {"summary"}
    assert WorkReport.objects.get().status == "draft"


def test_withdraw_reopens_the_draft_until_someone_comments(org: Org) -> None:
    client = org.client("own")
    report = write_and_submit(client)
    withdrawn = post(client, f"/work-reports/{report['id']}/withdraw", {"version": report["version"]})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "draft" and withdrawn.json()["figures_live"] is True
    assert withdrawn.json()["submitted_to_id"] is None
    again = post(client, f"/work-reports/{report['id']}/submit", {"version": withdrawn.json()["version"]}).json()
    comment = post(org.client("supervisor"), f"/work-reports/{report['id']}/comments", {"body": "不错"})
    assert comment.status_code == 201
    refused = post(client, f"/work-reports/{report['id']}/withdraw", {"version": again["version"]})
    assert refused.status_code == 409 and refused.json()["code"] == "work_report.commented"
    assert client.get(f"{V1}/work-reports/{report['id']}").json()["can_withdraw"] is False


def test_comment_with_rating_sets_the_reports_rating_and_notifies_the_author(org: Org) -> None:
    report = write_and_submit(org.client("own"))
    supervisor = org.client("supervisor")
    response = post(supervisor, f"/work-reports/{report['id']}/comments", {"body": "继续保持", "rating": 4})
    assert response.status_code == 201, response.content
    assert response.json()["author_name"] == "supervisor" and response.json()["rating"] == 4
    post(supervisor, f"/work-reports/{report['id']}/comments", {"body": "补充一句"})
    detail = org.client("own").get(f"{V1}/work-reports/{report['id']}").json()
    assert detail["rating"] == 4 and detail["comment_count"] == 2
    comments = org.client("own").get(f"{V1}/work-reports/{report['id']}/comments").json()
    assert [comment["body"] for comment in comments] == ["继续保持", "补充一句"]
    assert Notification.objects.filter(recipient=org.users["own"], kind="reports.commented").count() == 2
    bad = post(supervisor, f"/work-reports/{report['id']}/comments", {"body": "x", "rating": 6})
    assert bad.status_code == 422


def test_who_may_comment(org: Org) -> None:
    report = write_and_submit(org.client("own"))
    url = f"/work-reports/{report['id']}/comments"
    assert post(org.client("same_team"), url, {"body": "x"}).status_code == 403
    assert post(org.client("customer_service"), url, {"body": "x"}).status_code == 403
    other_supervisor = org.client("anonymous")
    other_supervisor.force_login(org.users["other_supervisor"])
    assert post(other_supervisor, url, {"body": "x"}).status_code == 404
    assert post(org.client("regional_manager"), url, {"body": "区域意见"}).status_code == 201
    own_report = write_and_submit(org.client("supervisor"))
    assert (
        post(org.client("supervisor"), f"/work-reports/{own_report['id']}/comments", {"body": "x"}).status_code == 403
    )


def test_drafts_are_private_to_their_author(org: Org) -> None:
    draft = put(org.client("own"), {**WEEK, "summary": "草稿"}).json()
    for persona in ("supervisor", "regional_manager", "same_team"):
        client = org.client(persona)
        assert client.get(f"{V1}/work-reports/{draft['id']}").status_code == 404
        assert client.get(f"{V1}/work-reports?author_id={org.users['own'].pk}").json()["items"] == []
        assert patch(client, f"/work-reports/{draft['id']}", {"version": 1, "summary": "x"}).status_code == 404


def test_a_supervisor_reads_but_cannot_edit_a_submitted_report(org: Org) -> None:
    report = write_and_submit(org.client("own"))
    supervisor = org.client("supervisor")
    detail = supervisor.get(f"{V1}/work-reports/{report['id']}").json()
    assert detail["can_comment"] is True and detail["can_edit"] is False
    refused = patch(supervisor, f"/work-reports/{report['id']}", {"version": report["version"], "summary": "x"})
    assert refused.status_code == 403
    assert org.client("other_team").get(f"{V1}/work-reports/{report['id']}").status_code == 404
    assert org.client("same_team").get(f"{V1}/work-reports/{report['id']}").status_code == 404


def test_list_filters_and_inbox(org: Org) -> None:
    own_weekly = write_and_submit(org.client("own"))
    write_and_submit(org.client("same_team"), kind="daily")
    other = write_and_submit(org.client("other_team"))
    manager = org.client("regional_manager")
    every = manager.get(f"{V1}/work-reports").json()
    assert every["count"] == 3
    weekly = manager.get(f"{V1}/work-reports?kind=weekly&department_id={org.team.pk}").json()["items"]
    assert [row["id"] for row in weekly] == [own_weekly["id"]]
    assert weekly[0]["figures"]["follow_ups"] == 0 and weekly[0]["summary"] == "本周拜访三家客户"
    inbox = org.client("supervisor").get(f"{V1}/work-reports?inbox=true").json()["items"]
    assert {row["author_id"] for row in inbox} == {org.users["own"].pk, org.users["same_team"].pk}
    assert other["id"] not in [row["id"] for row in inbox]
    assert manager.get(f"{V1}/work-reports?kind=yearly").status_code == 422


def test_list_query_count_is_constant(org: Org) -> None:
    write_and_submit(org.client("own"))
    manager = org.client("regional_manager")
    with CaptureQueriesContext(connection) as one:
        assert manager.get(f"{V1}/work-reports").status_code == 200
    for persona in ("same_team", "other_team", "supervisor"):
        write_and_submit(org.client(persona))
    with CaptureQueriesContext(connection) as four:
        assert manager.get(f"{V1}/work-reports").json()["count"] == 4
    assert len(four) == len(one)


def test_detail_and_draft_query_counts_do_not_grow_with_activity(org: Org) -> None:
    own = org.users["own"]
    client = org.client("own")
    report = put(client, {**WEEK, "summary": "x"}).json()
    with CaptureQueriesContext(connection) as quiet:
        client.get(f"{V1}/work-reports/{report['id']}")
    for hour in range(8, 20):
        follow_up(own, at(WEDNESDAY, hour))
        task(own, at(MONDAY, hour), done_at=at(WEDNESDAY, hour))
    with CaptureQueriesContext(connection) as busy:
        body = client.get(f"{V1}/work-reports/{report['id']}").json()
    assert body["figures"]["follow_ups"] == 12 and body["figures"]["tasks_done"] == 12
    assert len(busy) == len(quiet)


def test_without_a_manager_the_report_goes_to_the_departments_approver(org: Org) -> None:
    loner = make_user(org.root, "rep_loner", org.team, "sales_rep")
    client = org.client("anonymous")
    client.force_login(loner)
    assert write_and_submit(client)["submitted_to_id"] == org.users["supervisor"].pk
    sub_team = org_actions.create_department(actor=org.root, name="浦东小组", parent_id=org.other_team.pk)
    far = make_user(org.root, "rep_far", sub_team, "sales_rep")
    client.force_login(far)
    assert write_and_submit(client)["submitted_to_id"] == org.users["other_supervisor"].pk


def test_won_amount_follows_the_readers_deal_amount_rule(org: Org) -> None:
    from chengdan.accounts import roles as role_actions

    report = write_and_submit(org.client("own"))
    role = role_actions.create_role(
        actor=org.root,
        code="blind_reader",
        name="看不到金额",
        description="",
        grants=[
            role_actions.GrantSpec("work_reports", ["view"], "all", []),
            role_actions.GrantSpec("opportunities", ["view"], "all", []),
        ],
        field_rules=[role_actions.FieldRuleSpec("opportunities", "amount_cny", "hidden")],
    )
    reader = make_user(org.root, "blind", org.hq, "customer_service")
    reader.roles.set([role])
    client = org.client("anonymous")
    client.force_login(reader)
    body = client.get(f"{V1}/work-reports/{report['id']}").json()
    assert body["figures"]["won_amount"] is None
    assert org.client("supervisor").get(f"{V1}/work-reports/{report['id']}").json()["figures"]["won_amount"] == "0.00"


def test_day_after_sunday_starts_a_new_week(org: Org) -> None:
    client = org.client("own")
    write_and_submit(client)
    next_week = client.get(f"{V1}/work-reports/draft?kind=weekly&date={SUNDAY + timedelta(days=1)}").json()
    assert next_week["id"] is None and next_week["status"] == "draft"
