"""Deals through the API: create, edit with versions, won/lost/reopen, transfer, bulk, history, merges."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chengdan.audit.models import AuditEntry
from chengdan.customers import merging
from chengdan.opportunities.models import Opportunity, StageChange
from chengdan.opportunities.tests.factories import make_opportunity, stage
from chengdan.testing.org import Org

V1 = "/api/v1/opportunities"


@pytest.fixture
def deal(org: Org) -> Opportunity:
    return make_opportunity(org.users["own"], org.customers["own"], name="年度采购", amount="100000")


def test_create_defaults_stage_department_and_history(org: Org) -> None:
    client = org.client("own")
    response = client.post(
        V1,
        {
            "name": "新商机",
            "customer_id": org.customers["own"].pk,
            "lines": [
                {"product_name": "软件许可", "quantity": "3", "unit_price": "1000.00", "discount_percent": "10"},
                {"product_name": "实施服务", "unit_price": "500.00"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["stage_id"] == stage("initial_contact").pk
    assert body["probability"] == 10
    assert body["amount"] == "3200.00"
    assert body["amount_cny"] == "3200.00"
    assert body["department_id"] == org.team.pk
    assert [line["amount"] for line in body["lines"]] == ["2700.00", "500.00"]
    opportunity = Opportunity.objects.get(pk=body["id"])
    assert opportunity.amount_peak_cny == Decimal("3200.00")
    changes = list(StageChange.objects.filter(opportunity=opportunity))
    assert [(c.from_stage_id, c.to_stage_id) for c in changes] == [(None, stage("initial_contact").pk)]


def test_create_converts_foreign_currency_and_refuses_unknown(org: Org) -> None:
    client = org.client("own")
    base = {"name": "美元单", "customer_id": org.customers["own"].pk, "amount": "100.00"}
    response = client.post(V1, {**base, "currency": "USD"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["amount_cny"] == "710.00"
    assert response.json()["exchange_rate"] == "7.10000000"
    refused = client.post(V1, {**base, "currency": "XYZ"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["code"] == "opportunity.unknown_currency"
    assert "currency" in refused.json()["fields"]


def test_create_on_invisible_customer_is_404_and_foreign_contact_422(org: Org) -> None:
    client = org.client("own")
    hidden = client.post(
        V1, {"name": "x", "customer_id": org.customers["other_team"].pk}, content_type="application/json"
    )
    assert hidden.status_code == 404
    foreign = client.post(
        V1,
        {
            "name": "x",
            "customer_id": org.customers["own"].pk,
            "contacts": [{"contact_id": org.contacts["other_team"].pk}],
        },
        content_type="application/json",
    )
    assert foreign.status_code == 422
    assert "contacts" in foreign.json()["fields"]


def test_create_straight_into_gated_stage_checks_gate(org: Org) -> None:
    response = org.client("own").post(
        V1,
        {"name": "x", "customer_id": org.customers["own"].pk, "stage_id": stage("proposal").pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [item["code"] for item in response.json()["missing"]] == ["amount", "close_date"]


def test_stale_version_answers_409_with_current(org: Org, deal: Opportunity) -> None:
    client = org.client("own")
    first = client.patch(f"{V1}/{deal.pk}", {"version": 1, "next_step": "约见"}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(f"{V1}/{deal.pk}", {"version": 1, "next_step": "晚了"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict.stale_version"
    assert stale.json()["current"]["next_step"] == "约见"
    assert stale.json()["current"]["version"] == 2


def test_update_keeps_peak_counts_pushes_and_audits_lines(org: Org, deal: Opportunity) -> None:
    client = org.client("own")
    today = timezone.localdate()
    url = f"{V1}/{deal.pk}"
    body = client.patch(
        url, {"version": 1, "expected_close_date": str(today + timedelta(days=10))}, content_type="application/json"
    ).json()
    body = client.patch(
        url,
        {"version": body["version"], "expected_close_date": str(today + timedelta(days=20))},
        content_type="application/json",
    ).json()
    body = client.patch(
        url,
        {"version": body["version"], "lines": [{"product_name": "硬件", "quantity": "2", "unit_price": "30000"}]},
        content_type="application/json",
    ).json()
    assert body["amount"] == "60000.00"
    assert body["risks"] == ["amount_lowered"]
    deal.refresh_from_db()
    assert deal.amount_peak_cny == Decimal("100000.00")
    assert deal.close_date_push_count == 1
    entry = AuditEntry.objects.filter(object_type="opportunities", action="opportunity.updated").order_by("-pk")[0]
    line = {
        "product_name": "硬件",
        "quantity": "2.000",
        "unit_price": "30000.00",
        "discount_percent": "0.00",
        "amount": "60000.00",
    }
    assert entry.changes["lines"] == [[], [line]]
    assert entry.changes["amount"] == ["100000.00", "60000.00"]


def test_won_sets_closed_values(org: Org, deal: Opportunity) -> None:
    response = org.client("own").post(f"{V1}/{deal.pk}/won", {"version": 1}, content_type="application/json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "won"
    assert body["stage_id"] == stage("won").pk
    assert body["probability"] == 100
    assert body["forecast_category"] == "closed"
    assert body["won_amount"] == "100000.00"
    assert body["won_at"] is not None
    deal.refresh_from_db()
    assert deal.won_amount_cny == Decimal("100000.00")


def test_lost_needs_reason_and_reopen_is_audited(org: Org, deal: Opportunity) -> None:
    client = org.client("own")
    lost_stage = stage("lost").pk
    missing = client.post(
        f"{V1}/{deal.pk}/move", {"version": 1, "stage_id": lost_stage}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert missing.json()["code"] == "opportunity.lost_reason_required"
    unknown = client.post(
        f"{V1}/{deal.pk}/lost", {"version": 1, "lost_reason": "nope"}, content_type="application/json"
    )
    assert unknown.status_code == 422
    lost = client.post(
        f"{V1}/{deal.pk}/lost",
        {"version": 1, "lost_reason": "price", "lost_to_competitor": "友商"},
        content_type="application/json",
    )
    assert lost.status_code == 200
    assert (lost.json()["status"], lost.json()["lost_reason"], lost.json()["probability"]) == ("lost", "price", 0)
    closed = client.post(
        f"{V1}/{deal.pk}/move", {"version": 2, "stage_id": stage("proposal").pk}, content_type="application/json"
    )
    assert closed.status_code == 409
    assert closed.json()["code"] == "opportunity.closed"
    reopened = client.post(
        f"{V1}/{deal.pk}/reopen",
        {"version": 2, "stage_id": stage("initial_contact").pk},
        content_type="application/json",
    )
    assert reopened.status_code == 200
    assert (reopened.json()["status"], reopened.json()["lost_reason"], reopened.json()["lost_at"]) == ("open", "", None)
    entry = AuditEntry.objects.get(object_type="opportunities", action="opportunity.reopened")
    assert entry.changes["status"] == ["lost", "open"]


def test_transfer_out_of_reach_refused_and_in_reach_moves_department(org: Org, deal: Opportunity) -> None:
    supervisor = org.client("supervisor")
    outside = supervisor.post(
        f"{V1}/{deal.pk}/transfer", {"owner_id": org.users["other_team"].pk}, content_type="application/json"
    )
    assert outside.status_code == 422
    assert outside.json()["code"] == "permission.target_out_of_scope"
    rep = org.client("own").post(
        f"{V1}/{deal.pk}/transfer", {"owner_id": org.users["same_team"].pk}, content_type="application/json"
    )
    assert rep.status_code == 403
    inside = org.client("regional_manager").post(
        f"{V1}/{deal.pk}/transfer", {"owner_id": org.users["other_team"].pk}, content_type="application/json"
    )
    assert inside.status_code == 200
    assert (inside.json()["owner_id"], inside.json()["department_id"]) == (
        org.users["other_team"].pk,
        org.other_team.pk,
    )


def test_bulk_reports_refusals_by_id(org: Org, deal: Opportunity) -> None:
    other = make_opportunity(org.users["other_team"], org.customers["other_team"], amount="5")
    gated = make_opportunity(org.users["own"], org.customers["own"], name="无金额")
    response = org.client("own").post(
        f"{V1}/bulk",
        {"ids": [deal.pk, other.pk, gated.pk], "action": "move", "stage_id": stage("proposal").pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["done"] == []
    assert [(item["id"], item["code"]) for item in body["refused"]] == [
        (deal.pk, "opportunity.gate_failed"),
        (other.pk, "not_found"),
        (gated.pk, "opportunity.gate_failed"),
    ]
    moved = org.client("own").post(
        f"{V1}/bulk",
        {"ids": [deal.pk, gated.pk], "action": "move", "stage_id": stage("needs_confirmed").pk},
        content_type="application/json",
    )
    assert moved.json()["done"] == []
    assert {item["code"] for item in moved.json()["refused"]} == {"opportunity.gate_failed"}


def test_stage_history_seconds(org: Org, deal: Opportunity) -> None:
    Opportunity.objects.filter(pk=deal.pk).update(stage_entered_at=timezone.now() - timedelta(hours=2))
    deal.refresh_from_db()
    client = org.client("own")
    move = client.post(
        f"{V1}/{deal.pk}/move",
        {"version": 1, "stage_id": stage("proposal").pk},
        content_type="application/json",
    )
    assert move.status_code == 422
    client.patch(
        f"{V1}/{deal.pk}",
        {"version": 1, "expected_close_date": str(timezone.localdate() + timedelta(days=30))},
        content_type="application/json",
    )
    move = client.post(
        f"{V1}/{deal.pk}/move",
        {"version": 2, "stage_id": stage("proposal").pk},
        content_type="application/json",
    )
    assert move.status_code == 200, move.json()
    history = client.get(f"{V1}/{deal.pk}/stage-history").json()
    assert [(h["from_stage_name"], h["to_stage_name"]) for h in history] == [
        (None, "初步接洽"),
        ("初步接洽", "方案报价"),
    ]
    assert 7200 <= history[1]["seconds_in_from_stage"] < 7260
    assert history[1]["moved_by_name"] == "rep_own"


def test_customer_merge_moves_deals(org: Org, deal: Opportunity) -> None:
    merging.merge_customers(
        actor=org.root,
        survivor_id=org.customers["same_team"].pk,
        merged_id=org.customers["own"].pk,
        take_from_merged=[],
        custom_from_merged=[],
    )
    deal.refresh_from_db()
    assert deal.customer_id == org.customers["same_team"].pk
    listed = org.client("same_team").get(f"/api/v1/customers/{org.customers['same_team'].pk}/opportunities")
    assert listed.status_code == 200
    assert listed.json() == []  # the deal stays the own rep's, out of same_team's scope
    supervisor = org.client("supervisor").get(f"/api/v1/customers/{org.customers['same_team'].pk}/opportunities")
    assert [row["id"] for row in supervisor.json()] == [deal.pk]


def test_list_filters_ordering_and_query_count(org: Org, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for amount in ("10", "30", "20"):
        make_opportunity(org.users["own"], org.customers["own"], amount=amount)
    make_opportunity(org.users["other_team"], org.customers["other_team"], amount="99")
    client = org.client("own")
    body = client.get(V1, {"ordering": "-amount_cny", "amount_min": "15"}).json()
    assert [row["amount"] for row in body["items"]] == ["30.00", "20.00"]
    supervisor = org.client("regional_manager")
    assert supervisor.get(V1, {"department_id": org.other_team.pk}).json()["count"] == 1
    assert client.get(V1, {"ordering": "name"}).status_code == 422
    assert client.get(V1, {"ids": "1,x"}).status_code == 422
    with django_assert_max_num_queries(12):
        assert len(client.get(V1, {"limit": 50}).json()["items"]) == 3
    for _ in range(10):
        make_opportunity(org.users["own"], org.customers["own"], amount="1")
    with django_assert_max_num_queries(12):
        assert len(client.get(V1, {"limit": 50}).json()["items"]) == 13


def test_hidden_amount_is_absent_and_unfilterable(org: Org, deal: Opportunity) -> None:
    from chengdan.accounts.models import FieldRule, Role

    FieldRule.objects.create(
        role=Role.objects.get(code="sales_rep"), resource="opportunities", field="amount", rule="hidden"
    )
    FieldRule.objects.create(
        role=Role.objects.get(code="sales_rep"), resource="opportunities", field="amount_cny", rule="hidden"
    )
    client = org.client("own")
    detail = client.get(f"{V1}/{deal.pk}").json()
    assert "amount" not in detail
    assert "amount_cny" not in detail
    refused = client.get(V1, {"amount_min": "1"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "permission.field_not_allowed"
    assert client.get(V1, {"ordering": "-amount_cny"}).json()["code"] == "permission.field_not_allowed"
