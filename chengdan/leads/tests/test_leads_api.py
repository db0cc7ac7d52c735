"""Leads through the API: create, edit with versions, invalid, transfer, bulk, field rules, lists, history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.accounts.models import FieldRule, Role
from chengdan.audit.models import AuditEntry
from chengdan.customers import merging
from chengdan.leads import actions
from chengdan.leads.models import AssignmentLog, Lead
from chengdan.leads.tests.factories import make_lead
from chengdan.notifications.models import Notification
from chengdan.testing.org import Org

V1 = "/api/v1/leads"


@pytest.fixture
def lead(org: Org) -> Lead:
    return make_lead(org.users["own"], name="王五", mobile="13911110000", company_name="上海某某科技有限公司")


def test_create_normalises_every_value(org: Org) -> None:
    client = org.client("own")
    response = client.post(
        V1,
        {
            "name": "张经理",
            "mobile": "+86 139-1234-0000",
            "email": "Zhang <ZS@Example.COM>",
            "company_name": "深圳某某科技（深圳）有限公司",
            "region": "广东 深圳 南山",
            "industry": "信息技术",
            "budget": "¥12,000",
            "source": "phone",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] is True
    lead = body["lead"]
    assert (lead["mobile"], lead["email"]) == ("13912340000", "zs@example.com")
    assert (lead["province_code"], lead["city_code"], lead["district_code"]) == ("440000", "440300", "440305")
    assert lead["region_name"] == "广东省 深圳市 南山区"
    assert (lead["industry"], lead["budget"], lead["source"], lead["status"]) == ("it", "12000.00", "phone", "new")
    # No assignment rule matched: whoever captured it owns it, in their department.
    assert (lead["owner_id"], lead["department_id"]) == (org.users["own"].pk, org.team.pk)
    assert Lead.objects.get(pk=body["id"]).company_key == "深圳某某科技"


def test_capture_needs_a_way_to_reach_the_person(org: Org) -> None:
    response = org.client("own").post(V1, {"name": "无联系方式"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "lead.contact_required"
    assert body["message"] == "手机、邮箱、微信至少填写一项。"
    assert set(body["fields"]) == {"mobile", "email", "wechat"}
    english = org.client("own").post(V1, {"name": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == "Give at least one of mobile, e-mail or WeChat."
    assert not Lead.objects.exists()


def test_invalid_values_are_named_per_field(org: Org) -> None:
    response = org.client("own").post(
        V1,
        {"name": "x", "mobile": "12345", "email": "not-mail", "budget": "-5", "region_code": "999999"},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"mobile", "email", "budget", "region_code"}
    assert fields["budget"] == "预算不能为负数。"


def test_edit_with_stale_version_answers_409_with_current(org: Org, lead: Lead) -> None:
    client = org.client("own")
    edited = client.patch(
        f"{V1}/{lead.pk}", {"version": 1, "title": "采购经理", "status": "working"}, content_type="application/json"
    )
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["title"], edited.json()["status"], edited.json()["version"]) == ("采购经理", "working", 2)
    stale = client.patch(f"{V1}/{lead.pk}", {"version": 1, "title": "总监"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict.stale_version"
    assert stale.json()["current"]["title"] == "采购经理"
    assert Lead.objects.get(pk=lead.pk).title == "采购经理"
    converted_by_hand = client.patch(
        f"{V1}/{lead.pk}", {"version": 2, "status": "converted"}, content_type="application/json"
    )
    assert converted_by_hand.status_code == 422


def test_invalid_needs_a_reason(org: Org, lead: Lead) -> None:
    client = org.client("own")
    refused = client.post(f"{V1}/{lead.pk}/invalid", {"reason": "  "}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["code"] == "lead.invalid_reason_required"
    assert "reason" in refused.json()["fields"]
    done = client.post(f"{V1}/{lead.pk}/invalid", {"reason": "空号", "version": 1}, content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["invalid_reason"]) == ("invalid", "空号")
    assert AuditEntry.objects.filter(action="lead.invalidated", object_id=str(lead.pk)).count() == 1


def test_transfer_needs_assign_right_and_stays_in_reach(org: Org, lead: Lead) -> None:
    body = {"owner_id": org.users["same_team"].pk, "version": 1}
    assert org.client("own").post(f"{V1}/{lead.pk}/transfer", body, content_type="application/json").status_code == 403
    supervisor = org.client("supervisor")
    outside = supervisor.post(
        f"{V1}/{lead.pk}/transfer", {"owner_id": org.users["other_team"].pk}, content_type="application/json"
    )
    assert outside.status_code == 422
    assert outside.json()["code"] == "permission.target_out_of_scope"
    moved = supervisor.post(f"{V1}/{lead.pk}/transfer", body, content_type="application/json")
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["owner_id"], moved.json()["department_id"]) == (org.users["same_team"].pk, org.team.pk)
    log = AssignmentLog.objects.filter(lead=lead).order_by("-pk").first()
    assert log is not None and (log.user_id, log.reason) == (org.users["same_team"].pk, "manual")
    notice = Notification.objects.get(recipient=org.users["same_team"], kind="lead.assigned")
    assert notice.link == f"/leads/{lead.pk}"


def test_bulk_reports_each_refused_id(org: Org, lead: Lead) -> None:
    foreign = make_lead(org.users["other_team"], name="外组线索")
    converted = make_lead(org.users["own"], name="已转化")
    Lead.objects.filter(pk=converted.pk).update(status="converted")
    response = org.client("supervisor").post(
        f"{V1}/bulk",
        {
            "ids": [lead.pk, foreign.pk, converted.pk, 999999],
            "action": "set_status",
            "status": "invalid",
            "reason": "重复",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["done"] == [lead.pk]
    assert [(item["id"], item["code"]) for item in body["refused"]] == [
        (foreign.pk, "not_found"),
        (converted.pk, "lead.converted"),
        (999999, "not_found"),
    ]
    assert Lead.objects.get(pk=foreign.pk).status == "new"
    assert Lead.objects.get(pk=lead.pk).invalid_reason == "重复"
    missing_reason = org.client("supervisor").post(
        f"{V1}/bulk", {"ids": [lead.pk], "action": "set_status", "status": "invalid"}, content_type="application/json"
    )
    assert missing_reason.json()["code"] == "lead.invalid_reason_required"
    rep = org.client("own").post(f"{V1}/bulk", {"ids": [lead.pk], "action": "delete"}, content_type="application/json")
    assert rep.status_code == 403


def test_customer_service_sees_mobiles_masked_and_cannot_search_them(org: Org, lead: Lead) -> None:
    FieldRule.objects.create(
        role=Role.objects.get(code="customer_service"), resource="leads", field="mobile", rule="masked"
    )
    client = org.client("customer_service")
    row = client.get(V1).json()["items"][0]
    assert row["mobile"] == "139****0000"
    assert client.get(f"{V1}/{lead.pk}").json()["mobile"] == "139****0000"
    assert client.get(V1, {"q": "13911110000"}).json()["count"] == 0
    assert client.get(V1, {"q": "王五"}).json()["count"] == 1
    assert org.client("own").get(V1, {"q": "1391111"}).json()["count"] == 1


def test_list_filters_and_ordering(org: Org, lead: Lead) -> None:
    make_lead(org.users["own"], name="展会线索", source="exhibition", campaign="2024 春季展")
    make_lead(org.users["other_team"], name="杭州线索")
    Lead.objects.update(score=5)
    Lead.objects.filter(pk=lead.pk).update(score=30)
    own = org.client("own")
    assert own.get(V1).json()["count"] == 2
    assert [row["name"] for row in own.get(V1, {"source": "exhibition"}).json()["items"]] == ["展会线索"]
    assert [row["name"] for row in own.get(V1, {"campaign": "2024 春季展"}).json()["items"]] == ["展会线索"]
    assert [row["name"] for row in own.get(V1, {"score_min": 10}).json()["items"]] == ["王五"]
    assert [row["name"] for row in own.get(V1, {"ordering": "-score"}).json()["items"]] == ["王五", "展会线索"]
    assert own.get(V1, {"q": "上海某某"}).json()["count"] == 1
    assert own.get(V1, {"ordering": "mobile"}).status_code == 422
    manager = org.client("regional_manager")
    assert manager.get(V1).json()["count"] == 3
    assert manager.get(V1, {"department_id": org.other_team.pk}).json()["count"] == 1
    assert manager.get(V1, {"department_id": org.region.pk}).json()["count"] == 3
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert manager.get(V1, {"created_from": tomorrow}).json()["count"] == 0
    assert manager.get(V1, {"status": "new", "duplicate_status": "none"}).json()["count"] == 3


# Session, user, grants, field rules, departments (PostgreSQL: and their subtree), pools, shares, page, count.
LIST_QUERIES = 10


def test_list_query_count_does_not_grow_with_rows(org: Org) -> None:
    client = org.client("supervisor")
    client.get(V1)
    for index in range(3):
        make_lead(org.users["own"], name=f"线索{index}")
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(V1, {"limit": 50}).json()["items"]) == 3
    for index in range(27):
        make_lead(org.users["same_team"], name=f"更多{index}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(V1, {"limit": 50}).json()["items"]) == 30
    assert len(few) == len(many) <= LIST_QUERIES


def test_timeline_collaborators_and_duplicates(org: Org, lead: Lead) -> None:
    own = org.client("own")
    own.patch(f"{V1}/{lead.pk}", {"version": 1, "notes": "约下周拜访"}, content_type="application/json")
    shared = own.put(
        f"{V1}/{lead.pk}/collaborators/{org.users['same_team'].pk}", {"access": "read"}, content_type="application/json"
    )
    assert shared.status_code == 200
    assert org.client("same_team").get(f"{V1}/{lead.pk}").status_code == 200
    actions_seen = [item["action"] for item in own.get(f"{V1}/{lead.pk}/timeline").json()["items"]]
    assert actions_seen == ["record.shared", "lead.updated", "lead.created"]
    twin = make_lead(org.users["other_team"], name="王五同事", company_name="上海某某科技股份有限公司")
    found = own.get(f"{V1}/{lead.pk}/duplicates").json()
    assert found == [{"kind": "lead", "id": None, "name": "王**事", "reasons": ["company"], "status": "new"}]
    manager = org.client("regional_manager").get(f"{V1}/{lead.pk}/duplicates").json()
    assert manager[0]["id"] == twin.pk


def test_follow_up_starts_work_and_restarts_clocks(org: Org, lead: Lead) -> None:
    at = timezone.now() + timedelta(hours=2)
    actions.touch_lead_follow_up([lead.pk], at)
    lead.refresh_from_db()
    assert (lead.first_contacted_at, lead.last_follow_up_at, lead.idle_since) == (at, at, at)
    assert lead.status == "working"
    later = at + timedelta(days=1)
    actions.touch_lead_follow_up([lead.pk], later)
    lead.refresh_from_db()
    assert (lead.first_contacted_at, lead.last_follow_up_at, lead.idle_since) == (at, later, later)


def test_customer_merge_moves_matched_leads(org: Org) -> None:
    linked = make_lead(org.users["own"], name="关联")
    Lead.objects.filter(pk=linked.pk).update(matched_customer=org.customers["same_team"])
    merging.merge_customers(
        actor=org.users["admin"],
        survivor_id=org.customers["own"].pk,
        merged_id=org.customers["same_team"].pk,
        take_from_merged=[],
        custom_from_merged=[],
    )
    assert Lead.objects.get(pk=linked.pk).matched_customer_id == org.customers["own"].pk


def test_delete_needs_delete_right(org: Org, lead: Lead) -> None:
    assert org.client("own").delete(f"{V1}/{lead.pk}").status_code == 403
    assert org.client("supervisor").delete(f"{V1}/{lead.pk}").status_code == 204
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert AuditEntry.objects.filter(action="lead.deleted", object_id=str(lead.pk)).exists()


def test_logging_a_follow_up_stops_the_sla_clock_and_starts_working(org: Org) -> None:
    from chengdan.audit.models import AuditEntry
    from chengdan.leads.tests.factories import make_lead as make

    lead = make(org.users["own"], name="待联系")
    client = org.client("own")
    url = "/api/v1/follow-ups"
    body = {"record_type": "leads", "record_id": lead.pk, "kind": "phone"}

    empty = client.post(url, {**body, "content": " "}, content_type="application/json")
    done = client.post(url, {**body, "content": "电话沟通"}, content_type="application/json")

    assert empty.status_code == 422
    assert done.status_code == 201, done.content
    lead.refresh_from_db()
    assert lead.status == "working"
    assert lead.first_contacted_at is not None
    assert lead.last_follow_up_at == lead.first_contacted_at
    entry = AuditEntry.objects.filter(object_type="follow_ups", object_id=str(done.json()["id"])).get()
    assert entry.action == "follow_up.created"
    assert entry.changes["content"] == [None, "电话沟通"]
    assert entry.changes["lead_id"] == [None, lead.pk]
    other = org.client("other_team").post(url, {**body, "content": "越权"}, content_type="application/json")
    assert other.status_code == 404
    # The interim "log contact" endpoint is gone: follow-ups live in the activities domain.
    gone = client.post(f"/api/v1/leads/{lead.pk}/follow-ups", {"note": "旧接口"}, content_type="application/json")
    assert gone.status_code in (404, 405)
