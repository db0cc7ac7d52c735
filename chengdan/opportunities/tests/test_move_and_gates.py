"""Stage moves: gates with their exact missing requirements, won/lost stages, pipelines, rates."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from chengdan.customers.models import Contact
from chengdan.opportunities import money
from chengdan.opportunities.models import ExchangeRate, Opportunity, Pipeline, Stage
from chengdan.opportunities.tests.factories import make_opportunity, stage
from chengdan.testing.org import Org

V1 = "/api/v1/opportunities"


def _move(org: Org, opportunity: Opportunity, stage_id: int, **extra: object) -> tuple[int, dict]:
    opportunity.refresh_from_db()
    response = org.client("own").post(
        f"{V1}/{opportunity.pk}/move",
        {"version": opportunity.version, "stage_id": stage_id, **extra},
        content_type="application/json",
    )
    return response.status_code, response.json()


@pytest.fixture
def deal(org: Org) -> Opportunity:
    return make_opportunity(org.users["own"], org.customers["own"], name="谈判单", amount="50000")


def test_gate_refusal_names_exactly_what_is_missing(org: Org, deal: Opportunity) -> None:
    status, body = _move(org, deal, stage("negotiation").pk)
    assert status == 422
    assert body["code"] == "opportunity.gate_failed"
    assert [(item["code"], item["label"]) for item in body["missing"]] == [
        ("decision_maker", "决策人联系人"),
        ("close_date", "预计成交日期"),
    ]
    assert body["message"] == "进入「商务谈判」前需要：决策人联系人、预计成交日期"
    deal.refresh_from_db()
    assert deal.stage_id == stage("initial_contact").pk
    assert deal.version == 1


def test_decision_maker_from_role_or_contact(org: Org, deal: Opportunity) -> None:
    client = org.client("own")
    contact = org.contacts["own"]
    close = str(timezone.localdate() + timedelta(days=30))
    response = client.patch(
        f"{V1}/{deal.pk}",
        {"version": 1, "expected_close_date": close, "contacts": [{"contact_id": contact.pk, "role": "user"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    status, body = _move(org, deal, stage("negotiation").pk)
    assert [item["code"] for item in body["missing"]] == ["decision_maker"]
    Contact.objects.filter(pk=contact.pk).update(decision_role="decision_maker")
    status, body = _move(org, deal, stage("negotiation").pk)
    assert status == 200, body
    assert (body["stage_id"], body["probability"]) == (stage("negotiation").pk, 75)


def test_decision_maker_role_on_the_deal_counts(org: Org) -> None:
    opportunity = make_opportunity(
        org.users["own"],
        org.customers["own"],
        amount="1",
        expected_close_date=timezone.localdate(),
        contacts=[{"contact_id": org.contacts["own"].pk, "role": "decision_maker", "is_key": True}],
    )
    status, body = _move(org, opportunity, stage("negotiation").pk)
    assert status == 200, body


def test_sent_quote_is_missing_until_quotes_exist(org: Org, deal: Opportunity) -> None:
    Stage.objects.filter(pk=stage("needs_confirmed").pk).update(gate=["sent_quote"])
    status, body = _move(org, deal, stage("needs_confirmed").pk)
    assert status == 422
    assert body["missing"][0]["code"] == "sent_quote"
    assert body["missing"][0]["label"] == "已发送报价（报价模块上线后可用）"


def test_stage_of_another_pipeline_is_refused(org: Org, deal: Opportunity) -> None:
    other = Pipeline.objects.create(name="渠道")
    foreign = Stage.objects.create(pipeline=other, code="start", name="开始")
    status, body = _move(org, deal, foreign.pk)
    assert status == 422
    assert body["code"] == "opportunity.stage_not_in_pipeline"


def test_moving_to_won_stage_marks_won_with_given_amount(org: Org, deal: Opportunity) -> None:
    status, body = _move(org, deal, stage("won").pk, won_amount="48000.00")
    assert status == 200, body
    assert (body["status"], body["won_amount"], body["forecast_category"], body["probability"]) == (
        "won",
        "48000.00",
        "closed",
        100,
    )
    status, body = _move(org, deal, stage("initial_contact").pk)
    assert (status, body["code"]) == (409, "opportunity.closed")


def test_won_gate_needs_amount(org: Org) -> None:
    opportunity = make_opportunity(org.users["own"], org.customers["own"])
    status, body = _move(org, opportunity, stage("won").pk)
    assert status == 422
    assert [item["code"] for item in body["missing"]] == ["amount"]


def test_other_rep_cannot_move_and_stale_version_conflicts(org: Org, deal: Opportunity) -> None:
    response = org.client("same_team").post(
        f"{V1}/{deal.pk}/move", {"version": 1, "stage_id": stage("lost").pk}, content_type="application/json"
    )
    assert response.status_code == 404
    response = org.client("own").post(
        f"{V1}/{deal.pk}/move",
        {"version": 7, "stage_id": stage("lost").pk, "lost_reason": "price"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["current"]["id"] == deal.pk


def test_rate_valid_on_a_day() -> None:
    ExchangeRate.objects.create(currency="USD", valid_from=date(2026, 6, 1), rate=Decimal("7.2"))
    assert money.rate_on("usd", date(2026, 5, 31)) == Decimal("7.10000000")
    assert money.rate_on("USD", date(2026, 6, 1)) == Decimal("7.20000000")
    assert money.rate_on("CNY", date(2020, 1, 1)) == Decimal("1")
    assert money.to_cny(Decimal("10.005"), Decimal("1")) == Decimal("10.01")


pytestmark = pytest.mark.django_db
