"""A user leaves: disabled, and open leads, customers and open deals handed on in one audited step."""

import json

from chengdan.access.models import Pool
from chengdan.audit.models import AuditEntry
from chengdan.customers.models import Customer
from chengdan.leads.choices import AssignmentAction, AssignmentReason, LeadSource, LeadStatus
from chengdan.leads.models import AssignmentLog, AssignmentRule, Lead
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity, stage
from chengdan.testing.org import Org

V1 = "/api/v1"


def _leads_of(org: Org, count: int, status: str = LeadStatus.NEW) -> list[Lead]:
    owner = org.users["own"]
    return [
        Lead.objects.create(
            name=f"线索{index}", source=LeadSource.PHONE, owner=owner, department_id=owner.department_id, status=status
        )
        for index in range(count)
    ]


def _depart(org: Org, body: dict[str, object], persona: str = "admin") -> tuple[int, dict[str, object]]:
    response = org.client(persona).post(
        f"{V1}/users/{org.users['own'].pk}/departure", data=json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.json()


def test_hand_everything_to_a_colleague(org: Org) -> None:
    open_leads = _leads_of(org, 3)
    converted = _leads_of(org, 1, LeadStatus.CONVERTED)[0]
    deal = make_opportunity(org.users["own"], org.customers["own"])
    won = make_opportunity(org.users["own"], org.customers["own"], name="已赢单")
    Opportunity.objects.filter(pk=won.pk).update(status="won", stage=stage("won"))
    colleague = org.users["same_team"]
    status, body = _depart(org, {"mode": "colleague", "colleague_id": colleague.pk})
    assert status == 200, body
    assert body == {
        "user_id": org.users["own"].pk,
        "mode": "colleague",
        "lead_count": 3,
        "leads_pooled": 0,
        "customer_count": 1,
        "customers_pooled": 0,
        "opportunity_count": 1,
        "heir_id": colleague.pk,
    }
    org.users["own"].refresh_from_db()
    assert org.users["own"].is_active is False
    assert set(Lead.objects.filter(owner=colleague).values_list("pk", flat=True)) == {lead.pk for lead in open_leads}
    assert Lead.objects.get(pk=converted.pk).owner_id == org.users["own"].pk
    assert Customer.objects.get(pk=org.customers["own"].pk).owner_id == colleague.pk
    assert Opportunity.objects.get(pk=deal.pk).owner_id == colleague.pk
    assert Opportunity.objects.get(pk=won.pk).owner_id == org.users["own"].pk
    reasons = set(AssignmentLog.objects.filter(lead__in=open_leads).values_list("reason", "user_id"))
    assert reasons == {(AssignmentReason.USER_DISABLED, colleague.pk)}
    entry = AuditEntry.objects.get(action="user.departed")
    assert entry.object_id == str(org.users["own"].pk)
    assert entry.data["leads"] == {"count": 3, "pooled": 0, "ids": [lead.pk for lead in open_leads]}
    assert entry.data["opportunities"] == {"count": 1, "ids": [deal.pk]}


def test_by_rules_leads_follow_rules_customers_go_to_the_pool_deals_to_the_manager(org: Org) -> None:
    leads = _leads_of(org, 4)
    deal = make_opportunity(org.users["own"], org.customers["own"])
    pool = Pool.objects.create(resource="customers", name="客户公海", is_default=True)
    AssignmentRule.objects.create(name="上海轮流", action=AssignmentAction.ROUND_ROBIN, target_department=org.team)
    status, body = _depart(org, {"mode": "rules"})
    assert status == 200, body
    assert (body["lead_count"], body["customer_count"], body["customers_pooled"]) == (4, 1, 1)
    assert (body["opportunity_count"], body["heir_id"]) == (1, org.users["supervisor"].pk)
    # The leaver is disabled first, so round robin goes round the two others of 上海组.
    owners = [Lead.objects.get(pk=lead.pk).owner_id for lead in leads]
    others = sorted([org.users["same_team"].pk, org.users["supervisor"].pk])
    assert owners == [others[0], others[1], others[0], others[1]]
    customer = Customer.objects.get(pk=org.customers["own"].pk)
    assert (customer.owner_id, customer.pool_id) == (None, pool.pk)
    assert Opportunity.objects.get(pk=deal.pk).owner_id == org.users["supervisor"].pk


def test_by_rules_without_a_manager_is_refused_and_nothing_changes(org: Org) -> None:
    make_opportunity(org.users["own"], org.customers["own"])
    _leads_of(org, 2)
    org.users["own"].manager = None
    org.users["own"].save(update_fields=["manager"])
    status, body = _depart(org, {"mode": "rules"})
    assert status == 422
    assert body["fields"] == {"mode": "没有在职的直属上级。"}
    org.users["own"].refresh_from_db()
    assert org.users["own"].is_active is True
    assert Lead.objects.filter(owner=org.users["own"]).count() == 2
    assert not AuditEntry.objects.filter(action="user.departed").exists()


def test_colleague_must_be_active_and_someone_else(org: Org) -> None:
    status, body = _depart(org, {"mode": "colleague", "colleague_id": org.users["own"].pk})
    assert (status, list(body["fields"])) == (422, ["colleague_id"])
    status, body = _depart(org, {"mode": "colleague"})
    assert (status, list(body["fields"])) == (422, ["colleague_id"])


def test_only_users_editors_may_run_a_departure(org: Org) -> None:
    _leads_of(org, 1)
    status, body = _depart(org, {"mode": "colleague", "colleague_id": org.users["same_team"].pk}, "supervisor")
    assert (status, body["code"]) == (403, "permission_denied")
    assert Lead.objects.filter(owner=org.users["own"]).count() == 1


def test_by_rules_a_lead_no_rule_places_goes_to_the_manager(org: Org) -> None:
    leads = _leads_of(org, 2)
    Pool.objects.create(resource="customers", name="客户公海", is_default=True)
    status, body = _depart(org, {"mode": "rules"})
    assert status == 200, body
    assert {Lead.objects.get(pk=lead.pk).owner_id for lead in leads} == {org.users["supervisor"].pk}
    assert not Lead.objects.filter(owner__isnull=True, pool__isnull=True, pk__in=[lead.pk for lead in leads]).exists()
