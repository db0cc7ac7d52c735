"""Customers through the API: fields, validation, duplicates, tags, custom fields, filters, bulk actions."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.customers import settings_actions
from chengdan.customers.models import Customer, CustomField
from chengdan.testing.codes import credit_code
from chengdan.testing.org import Org

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


def test_create_customer_with_every_field(org: Org) -> None:
    client = org.client("own")
    response = _post(
        client,
        f"{V1}/customers",
        {
            "name": "深圳市腾讯计算机系统有限公司",
            "short_name": "腾讯",
            "credit_code": credit_code(70846113).lower(),
            "industry": "信息技术",
            "region": "广东省深圳市南山区",
            "address": "科技中一路",
            "level": "A 类",
            "stage": "intent",
            "source": "展会",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["credit_code"] == credit_code(70846113)
    assert body["industry"] == "it"
    assert body["level"] == "a"
    assert body["source"] == "exhibition"
    assert (body["province_code"], body["city_code"], body["district_code"]) == ("440000", "440300", "440305")
    assert body["region_name"] == "广东省 深圳市 南山区"
    assert body["owner_id"] == org.users["own"].pk


def test_bad_values_get_one_message_per_field_and_nothing_is_written(org: Org) -> None:
    client = org.client("own")
    before = Customer.objects.count()
    response = _post(
        client,
        f"{V1}/customers",
        {"name": "坏数据有限公司", "credit_code": credit_code(1)[:17] + "0", "level": "不存在", "region": "火星"},
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"credit_code", "level", "region_code"}
    assert Customer.objects.count() == before


def test_english_callers_get_english_messages(org: Org) -> None:
    client = org.client("own")
    response = client.post(
        f"{V1}/customers",
        data=json.dumps({"name": "x公司", "credit_code": "123"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "18" in response.json()["fields"]["credit_code"]


def test_same_credit_code_is_refused_even_across_teams(org: Org) -> None:
    code = credit_code(19220382)
    created = _post(org.client("other_team"), f"{V1}/customers", {"name": "华为技术有限公司", "credit_code": code})
    assert created.status_code == 201
    response = _post(
        org.client("own"), f"{V1}/customers", {"name": "华为", "credit_code": code, "allow_duplicate": True}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "customer.duplicate_credit_code"
    [candidate] = body["candidates"]
    # Another team's customer: the rep learns who owns it, not its details.
    assert candidate["id"] is None and candidate["is_visible"] is False
    assert candidate["owner_name"] == "rep_other"
    assert candidate["name"] != "华为技术有限公司"


def test_similar_name_needs_confirmation(org: Org) -> None:
    client = org.client("own")
    assert _post(client, f"{V1}/customers", {"name": "中国平安保险（集团）股份有限公司"}).status_code == 201
    response = _post(client, f"{V1}/customers", {"name": "中国平安保险(集团)股份有限公司 "})
    assert response.status_code == 409
    assert response.json()["code"] == "customer.duplicate"
    assert response.json()["candidates"][0]["reasons"] == ["name"]
    confirmed = _post(client, f"{V1}/customers", {"name": "中国平安保险(集团)股份有限公司", "allow_duplicate": True})
    assert confirmed.status_code == 201


def test_live_duplicate_check_finds_name_and_contact_mobile(org: Org) -> None:
    client = org.client("own")
    response = _post(
        client, f"{V1}/customers/duplicates/check", {"name": "own客户有限公司", "mobiles": ["+86 139-1234-5678"]}
    )
    assert response.status_code == 200
    [candidate] = response.json()
    assert candidate["id"] == org.customers["own"].pk
    assert candidate["reasons"] == ["mobile", "name"]


def test_stale_version_answers_409_with_current_record(org: Org) -> None:
    client = org.client("own")
    url = f"{V1}/customers/{org.customers['own'].pk}"
    assert _patch(client, url, {"version": 1, "notes": "第一次"}).status_code == 200
    stale = _patch(client, url, {"version": 1, "notes": "第二次"})
    assert stale.status_code == 409
    assert stale.json()["current"]["notes"] == "第一次"


def test_tags_and_filters(org: Org) -> None:
    client = org.client("supervisor")
    tag = settings_actions.create_tag(actor=org.users["supervisor"], name="重点", color="#F56C6C")
    own_url = f"{V1}/customers/{org.customers['own'].pk}"
    assert _patch(client, own_url, {"version": 1, "tag_ids": [tag.pk], "stage": "won"}).status_code == 200
    listed = client.get(f"{V1}/customers", {"tag_ids": [tag.pk]}).json()
    assert [row["id"] for row in listed["items"]] == [org.customers["own"].pk]
    assert listed["items"][0]["tags"] == [{"id": tag.pk, "name": "重点", "color": "#F56C6C"}]
    by_stage = client.get(f"{V1}/customers", {"stage": ["won"]}).json()
    assert [row["id"] for row in by_stage["items"]] == [org.customers["own"].pk]


def test_custom_fields_validate_filter_and_stay_unique(org: Org) -> None:
    admin = org.users["admin"]
    settings_actions.create_custom_field(
        actor=admin,
        values={"entity": "customer", "key": "budget", "label": "预算", "field_type": "money", "is_required": False},
    )
    settings_actions.create_custom_field(
        actor=admin,
        values={"entity": "customer", "key": "erp_id", "label": "ERP 编号", "field_type": "text", "is_unique": True},
    )
    client = org.client("own")
    created = _post(
        client, f"{V1}/customers", {"name": "定制字段有限公司", "custom": {"budget": "¥1,200,000", "erp_id": "E1"}}
    )
    assert created.status_code == 201, created.content
    assert created.json()["custom"] == {"budget": "1200000.00", "erp_id": "E1"}
    clash = _post(client, f"{V1}/customers", {"name": "另一家有限公司", "custom": {"erp_id": "E1"}})
    assert clash.status_code == 422
    assert "custom.erp_id" in clash.json()["fields"]
    bad = _post(client, f"{V1}/customers", {"name": "第三家有限公司", "custom": {"budget": "很多"}})
    assert set(bad.json()["fields"]) == {"custom.budget"}
    found = client.get(f"{V1}/customers", {"custom": json.dumps({"erp_id": "E1"})}).json()
    assert [row["name"] for row in found["items"]] == ["定制字段有限公司"]
    assert CustomField.objects.count() == 2


def test_list_query_count_is_constant(org: Org) -> None:
    client = org.client("admin")
    tag = settings_actions.create_tag(actor=org.users["admin"], name="批量")
    for number in range(30):
        customer = _post(
            client, f"{V1}/customers", {"name": f"计数客户{number}号", "tag_ids": [tag.pk], "allow_duplicate": True}
        )
        assert customer.status_code == 201
    counts = []
    for limit in (5, 50):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{V1}/customers", {"limit": limit}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_bulk_actions_only_touch_permitted_rows(org: Org) -> None:
    client = org.client("own")
    ids = [org.customers["own"].pk, org.customers["other_team"].pk]
    response = _post(client, f"{V1}/customers/bulk", {"ids": ids, "operation": "set_stage", "stage": "won"})
    assert response.json() == {"done": 1, "refused_ids": [org.customers["other_team"].pk]}
    assert Customer.objects.get(pk=org.customers["own"].pk).stage == "won"
    assert Customer.objects.get(pk=org.customers["other_team"].pk).stage == ""
    transfer = _post(
        org.client("supervisor"),
        f"{V1}/customers/bulk",
        {"ids": ids, "operation": "transfer", "owner_id": org.users["same_team"].pk},
    )
    assert transfer.json() == {"done": 1, "refused_ids": [org.customers["other_team"].pk]}
    assert Customer.objects.get(pk=org.customers["own"].pk).owner_id == org.users["same_team"].pk


def test_customer_service_sees_masked_contact_mobiles(org: Org) -> None:
    response = org.client("customer_service").get(f"{V1}/customers/{org.customers['own'].pk}/contacts")
    assert response.status_code == 200
    [contact] = response.json()
    assert contact["mobile"] == "139****5678"
    finance = org.client("finance").get(f"{V1}/customers/{org.customers['own'].pk}/contacts").json()
    assert "mobile" not in finance[0]


def test_timeline_shows_changes_of_customer_and_contacts(org: Org) -> None:
    client = org.client("own")
    _patch(client, f"{V1}/customers/{org.customers['own'].pk}", {"version": 1, "stage": "won"})
    entries = client.get(f"{V1}/customers/{org.customers['own'].pk}/timeline").json()["items"]
    actions = [entry["action"] for entry in entries]
    assert actions[0] == "customer.updated"
    assert "contact.created" in actions and "customer.created" in actions
    assert entries[0]["changes"]["stage"] == ["", "won"]


def test_a_contact_mobile_known_at_another_customer_needs_confirming(org: Org) -> None:
    client = org.client("own")
    other = _post(client, f"{V1}/customers", {"name": "新开户有限公司"}).json()
    url = f"{V1}/contacts/customers/{other['id']}"
    refused = _post(client, url, {"name": "赵六", "mobile": "139 1234 5678"})
    assert refused.status_code == 409
    assert refused.json()["candidates"][0]["id"] == org.customers["own"].pk
    confirmed = _post(client, url, {"name": "赵六", "mobile": "139 1234 5678", "allow_duplicate": True})
    assert confirmed.status_code == 201 and confirmed.json()["mobile"] == "13912345678"


def test_custom_filters_compare_money_as_numbers_dates_as_dates_and_find_list_members(org: Org) -> None:
    admin = org.users["admin"]
    for key, kind, extra in (
        ("budget", "money", {}),
        ("signed", "date", {}),
        ("lines", "multi_choice", {"choices": [{"value": "crm"}, {"value": "erp"}]}),
    ):
        settings_actions.create_custom_field(
            actor=admin, values={"entity": "customer", "key": key, "label": key, "field_type": kind, **extra}
        )
    client = org.client("own")
    for name, budget, signed, lines in (
        ("九万有限公司", "90000", "2026-01-05", ["crm"]),
        ("一百二十万有限公司", "1,200,000", "2026-03-01", ["crm", "erp"]),
    ):
        created = _post(
            client,
            f"{V1}/customers",
            {"name": name, "custom": {"budget": budget, "signed": signed, "lines": lines}, "allow_duplicate": True},
        )
        assert created.status_code == 201, created.content

    def names(custom: dict[str, Any]) -> list[str]:
        found = client.get(f"{V1}/customers", {"custom": json.dumps(custom)}).json()["items"]
        return sorted(row["name"] for row in found)

    assert names({"budget": [100000, None]}) == ["一百二十万有限公司"]
    assert names({"budget": [None, 100000]}) == ["九万有限公司"]
    assert names({"signed": ["2026-02-01", "2026-12-31"]}) == ["一百二十万有限公司"]
    assert names({"lines": "erp"}) == ["一百二十万有限公司"]
    assert names({"lines": "crm"}) == ["一百二十万有限公司", "九万有限公司"]
    assert client.get(f"{V1}/customers", {"custom": json.dumps({"budget": ["很多", None]})}).status_code == 422
