"""Lead conversion through the API: customer + contact (+ deal) in one transaction with one audit entry."""

import json
from decimal import Decimal
from typing import Any

import pytest

from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Contact, Customer
from chengdan.leads.models import Lead
from chengdan.leads.tests.factories import make_lead
from chengdan.opportunities.models import Opportunity, OpportunityContact
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def _convert(client: Any, lead: Lead, **body: Any) -> Any:
    payload = {"version": lead.version, "customer": {"mode": "new"}, "contact": {"mode": "new"}, **body}
    return client.post(f"{V1}/leads/{lead.pk}/convert", data=json.dumps(payload), content_type="application/json")


def _rich_lead(org: Org, **values: Any) -> Lead:
    return make_lead(
        org.users["own"],
        **{
            "name": "王小明",
            "mobile": "13655556666",
            "email": "wang@xingchen.cn",
            "wechat": "wxm_2024",
            "title": "采购经理",
            "company_name": "上海星辰科技有限公司",
            "region_code": "310115",
            "industry": "manufacturing",
            "budget": "500000",
            "product_interest": "CRM 系统",
            "campaign": "2025 春季展",
            "source": "referral",
            **values,
        },
    )


def _state() -> tuple[int, int, int, int]:
    return Customer.objects.count(), Contact.objects.count(), Opportunity.objects.count(), AuditEntry.objects.count()


def test_new_customer_contact_and_deal_in_one_step(org: Org) -> None:
    lead = _rich_lead(org)
    response = _convert(
        org.client("own"),
        lead,
        opportunity={"name": "星辰 CRM 项目", "amount": "80000.00", "expected_close_date": "2026-09-30"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    customer = Customer.objects.get(pk=body["customer_id"])
    contact = Contact.objects.get(pk=body["contact_id"])
    deal = Opportunity.objects.get(pk=body["opportunity_id"])
    assert body["customer_created"] is True
    assert (customer.name, customer.owner_id, customer.source, customer.industry) == (
        "上海星辰科技有限公司",
        org.users["own"].pk,
        "referral",
        "manufacturing",
    )
    assert (customer.province_code, customer.city_code, customer.district_code) == (
        lead.province_code,
        lead.city_code,
        lead.district_code,
    )
    assert (contact.customer_id, contact.name, contact.mobile, contact.email, contact.wechat, contact.title) == (
        customer.pk,
        "王小明",
        "13655556666",
        "wang@xingchen.cn",
        "wxm_2024",
        "采购经理",
    )
    assert contact.is_primary is True
    assert (deal.customer_id, deal.lead_id, deal.source, deal.campaign, deal.amount, deal.owner_id) == (
        customer.pk,
        lead.pk,
        "lead",
        "2025 春季展",
        Decimal("80000.00"),
        org.users["own"].pk,
    )
    assert list(OpportunityContact.objects.filter(opportunity=deal).values_list("contact_id", flat=True)) == [
        contact.pk
    ]
    converted = Lead.objects.get(pk=lead.pk)
    assert (converted.status, converted.version, body["lead_version"]) == ("converted", lead.version + 1, 2)
    assert (converted.converted_customer_id, converted.converted_contact_id, converted.converted_opportunity_id) == (
        customer.pk,
        contact.pk,
        deal.pk,
    )
    assert converted.converted_at is not None
    entries = AuditEntry.objects.filter(action="lead.converted")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.object_type, entry.object_id) == ("leads", str(lead.pk))
    assert entry.changes["converted_customer_id"] == [None, customer.pk]
    assert entry.changes["converted_contact_id"] == [None, contact.pk]
    assert entry.changes["converted_opportunity_id"] == [None, deal.pk]
    assert entry.changes["status"] == ["new", "converted"]


def test_into_existing_customer_and_existing_contact(org: Org) -> None:
    lead = _rich_lead(org)
    before = _state()
    response = _convert(
        org.client("own"),
        lead,
        customer={"mode": "existing", "customer_id": org.customers["own"].pk},
        contact={"mode": "existing", "contact_id": org.contacts["own"].pk},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["customer_id"], body["contact_id"], body["opportunity_id"], body["customer_created"]) == (
        org.customers["own"].pk,
        org.contacts["own"].pk,
        None,
        False,
    )
    # Nothing new but the one audit entry of the conversion.
    assert _state() == (before[0], before[1], before[2], before[3] + 1)
    converted = Lead.objects.get(pk=lead.pk)
    assert (converted.status, converted.converted_customer_id, converted.converted_contact_id) == (
        "converted",
        org.customers["own"].pk,
        org.contacts["own"].pk,
    )


def test_existing_contact_must_belong_to_the_chosen_customer(org: Org) -> None:
    lead = _rich_lead(org)
    before = _state()
    response = _convert(
        org.client("own"),
        lead,
        customer={"mode": "existing", "customer_id": org.customers["own"].pk},
        contact={"mode": "existing", "contact_id": org.contacts["same_team"].pk},
    )
    assert response.status_code == 404
    assert _state() == before


def test_a_refused_deal_rolls_back_customer_and_contact(org: Org) -> None:
    lead = _rich_lead(org)
    from chengdan.opportunities.tests.factories import stage

    before = _state()
    response = _convert(org.client("own"), lead, opportunity={"name": "缺金额", "stage_id": stage("proposal").pk})
    assert response.status_code == 422
    assert response.json()["code"] == "opportunity.gate_failed"
    assert _state() == before
    unchanged = Lead.objects.get(pk=lead.pk)
    assert (unchanged.status, unchanged.version, unchanged.converted_customer_id) == ("new", lead.version, None)
    assert not Customer.objects.filter(name="上海星辰科技有限公司").exists()


def test_converting_twice_is_refused(org: Org) -> None:
    lead = _rich_lead(org)
    client = org.client("own")
    assert _convert(client, lead).status_code == 200
    lead.refresh_from_db()
    before = _state()
    response = _convert(client, lead, customer={"mode": "existing", "customer_id": org.customers["own"].pk})
    assert response.status_code == 422
    assert response.json()["code"] == "lead.not_convertible"
    assert _state() == before


def test_stale_version_is_refused(org: Org) -> None:
    lead = _rich_lead(org)
    lead.version -= 1
    before = _state()
    response = _convert(org.client("own"), lead)
    assert response.status_code == 409
    assert response.json()["code"] == "conflict.stale_version"
    assert _state() == before


def test_another_teams_rep_gets_404(org: Org) -> None:
    lead = _rich_lead(org)
    before = _state()
    response = _convert(org.client("other_team"), lead)
    missing = org.client("other_team").post(
        f"{V1}/leads/999999/convert",
        data=json.dumps({"version": 1, "customer": {"mode": "new"}, "contact": {"mode": "new"}}),
        content_type="application/json",
    )
    assert response.status_code == missing.status_code == 404
    assert response.json() == missing.json()
    assert _state() == before
    assert Lead.objects.get(pk=lead.pk).status == "new"


def test_existing_customer_out_of_scope_is_404(org: Org) -> None:
    lead = _rich_lead(org)
    before = _state()
    response = _convert(
        org.client("own"), lead, customer={"mode": "existing", "customer_id": org.customers["other_team"].pk}
    )
    assert response.status_code == 404
    assert _state() == before


def test_likely_duplicate_customer_needs_confirmation(org: Org) -> None:
    lead = _rich_lead(org, company_name="own 客户有限公司")
    client = org.client("own")
    before = _state()
    refused = _convert(client, lead)
    assert refused.status_code == 409
    assert refused.json()["code"] == "customer.duplicate"
    assert [candidate["id"] for candidate in refused.json()["candidates"]] == [org.customers["own"].pk]
    assert _state() == before
    confirmed = _convert(client, lead, customer={"mode": "new", "allow_duplicate": True})
    assert confirmed.status_code == 200, confirmed.content
    assert Customer.objects.filter(name="own 客户有限公司").count() == 2


def test_overrides_replace_mapped_values_and_unknown_fields_are_refused(org: Org) -> None:
    lead = _rich_lead(org)
    client = org.client("own")
    refused = _convert(client, lead, customer={"mode": "new", "values": {"owner_id": 1}})
    assert refused.status_code == 422
    assert set(refused.json()["fields"]) == {"customer.values.owner_id"}
    bad_level = _convert(client, lead, customer={"mode": "new", "values": {"level": "important"}})
    assert bad_level.status_code == 422
    assert set(bad_level.json()["fields"]) == {"customer.values.level"}
    response = _convert(
        client,
        lead,
        customer={"mode": "new", "values": {"name": "星辰集团", "level": "key"}},
        contact={"mode": "new", "values": {"title": "总经理"}},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    customer = Customer.objects.get(pk=body["customer_id"])
    assert (customer.name, customer.level, customer.source) == ("星辰集团", "key", "referral")
    contact = Contact.objects.get(pk=body["contact_id"])
    assert (contact.name, contact.title) == ("王小明", "总经理")


def test_the_new_customers_timeline_contains_the_leads_history(org: Org) -> None:
    lead = _rich_lead(org)
    client = org.client("own")
    customer_id = _convert(client, lead).json()["customer_id"]
    response = client.get(f"{V1}/customers/{customer_id}/timeline")
    assert response.status_code == 200
    lead_entries = [
        item["action"]
        for item in response.json()["items"]
        if (item["subject_type"], item["subject_id"]) == ("leads", str(lead.pk))
    ]
    assert lead_entries == ["lead.converted", "lead.created"]
    actions = {item["action"] for item in response.json()["items"]}
    assert {"customer.created", "contact.created", "lead.converted", "lead.created"} <= actions


def test_preview_suggests_matches_masked_outside_scope(org: Org) -> None:
    lead = _rich_lead(org, company_name="other_team 客户有限公司", mobile="13912345678", email="")
    response = org.client("own").get(f"{V1}/leads/{lead.pk}/conversion-preview")
    assert response.status_code == 200, response.content
    body = response.json()
    by_visibility = {candidate["is_visible"]: candidate for candidate in body["customer_candidates"]}
    assert by_visibility[True]["id"] == org.customers["own"].pk
    assert by_visibility[True]["reasons"] == ["mobile"]
    assert by_visibility[False]["id"] is None
    assert by_visibility[False]["name"] != "other_team 客户有限公司"
    assert by_visibility[False]["reasons"] == ["name"]
    assert [contact["id"] for contact in body["contact_candidates"]] == [org.contacts["own"].pk]
    assert body["mapped"]["customer"] == {
        "name": "other_team 客户有限公司",
        "region_code": lead.district_code or lead.city_code or lead.province_code,
        "industry": "manufacturing",
        "source": "referral",
    }
    assert body["mapped"]["contact"] == {
        "name": "王小明",
        "mobile": "13912345678",
        "wechat": "wxm_2024",
        "title": "采购经理",
    }
    assert org.client("other_team").get(f"{V1}/leads/{lead.pk}/conversion-preview").status_code == 404


def test_preview_query_count_does_not_grow_with_matches(org: Org, django_assert_max_num_queries: Any) -> None:
    from chengdan.customers import contact_actions

    lead = _rich_lead(org, mobile="13912345678")
    client = org.client("own")
    client.get(f"{V1}/leads/{lead.pk}/conversion-preview")
    for index in range(5):
        contact_actions.create_contact(
            actor=org.users["own"],
            customer_id=org.customers["own"].pk,
            values={"name": f"同号{index}", "mobile": "13912345678"},
            allow_duplicate=True,
        )
    with django_assert_max_num_queries(20):
        response = client.get(f"{V1}/leads/{lead.pk}/conversion-preview")
    assert len(response.json()["contact_candidates"]) == 6
