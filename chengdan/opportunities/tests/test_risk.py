"""Risk flags: each rule as a badge and as a SQL filter, one query per page, and the at-risk list."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.customers.models import Contact
from chengdan.opportunities import risk
from chengdan.opportunities.models import Opportunity, OpportunityContact
from chengdan.opportunities.tests.forecast_helpers import current_quarter, days_ago, deal
from chengdan.testing.org import Org

V1 = "/api/v1"


@pytest.fixture
def flagged(org: Org) -> dict[str, Opportunity]:
    """One deal per rule (owned by rep own unless said), a clean one, and a closed one breaking every rule."""
    own, customer = org.users["own"], org.customers["own"]
    later = current_quarter().end
    yesterday = timezone.localdate() - timedelta(days=1)
    deals = {
        "clean": deal(own, customer, amount="100.00", close=later),
        # initial_contact has a 14-day time limit.
        "stage_overdue": deal(own, customer, amount="100.00", close=later, stage_entered_at=days_ago(15)),
        "no_activity": deal(own, customer, amount="100.00", close=later, last_activity_at=days_ago(15)),
        "close_date_passed": deal(own, customer, amount="100.00", close=yesterday),
        "amount_lowered": deal(own, customer, amount="100.00", close=later, amount_peak_cny="150.00"),
        "close_date_pushed": deal(own, customer, amount="100.00", close=later, close_date_push_count=3),
        "key_contact_gone": deal(own, customer, amount="100.00", close=later),
        "contact_deleted": deal(own, customer, amount="100.00", close=later),
        "same_team": deal(org.users["same_team"], org.customers["same_team"], amount="1.00", close=yesterday),
        "other_team": deal(org.users["other_team"], org.customers["other_team"], amount="1.00", close=yesterday),
        "closed": deal(
            own,
            customer,
            amount="100.00",
            status="lost",
            close=yesterday,
            last_activity_at=days_ago(60),
            stage_entered_at=days_ago(60),
            close_date_push_count=5,
            amount_peak_cny="500.00",
        ),
    }
    moved = Contact.objects.create(customer=org.customers["other_team"], name="跳槽的人")
    OpportunityContact.objects.create(
        opportunity=deals["key_contact_gone"], contact=moved, contact_name=moved.name, is_key=True
    )
    # A key contact still at the customer, and a non-key one who left, flag nothing.
    OpportunityContact.objects.create(
        opportunity=deals["clean"], contact=org.contacts["own"], contact_name="在职", is_key=True
    )
    OpportunityContact.objects.create(opportunity=deals["clean"], contact=moved, contact_name="非关键", is_key=False)
    OpportunityContact.objects.create(
        opportunity=deals["contact_deleted"], contact=None, contact_name="已删除", is_key=True
    )
    OpportunityContact.objects.create(opportunity=deals["closed"], contact=None, contact_name="已删除", is_key=True)
    return deals


EXPECTED = {
    "clean": [],
    "stage_overdue": ["stage_overdue"],
    "no_activity": ["no_activity"],
    "close_date_passed": ["close_date_passed"],
    "amount_lowered": ["amount_lowered"],
    "close_date_pushed": ["close_date_pushed"],
    "key_contact_gone": ["key_contact_gone"],
    "contact_deleted": ["key_contact_gone"],
    "closed": [],
}


def test_flags_for_a_page_match_each_rule_in_one_query(org: Org, flagged: dict[str, Opportunity]) -> None:
    page = list(Opportunity.objects.filter(owner=org.users["own"]).select_related("stage"))
    with CaptureQueriesContext(connection) as queries:
        flags = risk.flags_for(page, timezone.now())
    assert len(queries) == 1
    assert {name: flags[flagged[name].pk] for name in EXPECTED} == EXPECTED


def test_flags_for_an_empty_or_closed_page_needs_no_query(flagged: dict[str, Opportunity]) -> None:
    closed = list(Opportunity.objects.filter(pk=flagged["closed"].pk).select_related("stage"))
    with CaptureQueriesContext(connection) as queries:
        assert risk.flags_for([], timezone.now()) == {}
        assert risk.flags_for(closed, timezone.now()) == {flagged["closed"].pk: []}
    assert len(queries) == 0


@pytest.mark.parametrize("kind", [kind for kind in risk.RISK_KINDS])
def test_sql_condition_agrees_with_the_badges(org: Org, flagged: dict[str, Opportunity], kind: str) -> None:
    now = timezone.now()
    mine = Opportunity.objects.filter(owner=org.users["own"])
    matched = set(mine.filter(risk.risk_condition(kind, now)).values_list("pk", flat=True))
    expected = {flagged[name].pk for name, kinds in EXPECTED.items() if kind in kinds}
    assert matched == expected


def test_no_activity_threshold_follows_settings(flagged: dict[str, Opportunity], settings: Any) -> None:
    settings.CHENGDAN_RISK_NO_ACTIVITY_DAYS = 30
    assert risk.RISK_SETTINGS.no_activity_days == 30
    assert not Opportunity.objects.filter(risk.risk_condition("no_activity", timezone.now())).exists()
    settings.CHENGDAN_RISK_NO_ACTIVITY_DAYS = 10
    found = Opportunity.objects.filter(risk.risk_condition("no_activity", timezone.now()))
    assert set(found.values_list("pk", flat=True)) == {flagged["no_activity"].pk}


def test_stage_without_time_limit_is_never_overdue(flagged: dict[str, Opportunity]) -> None:
    from chengdan.opportunities.models import Stage

    Stage.objects.filter(pk=flagged["stage_overdue"].stage_id).update(sla_days=None)
    assert not Opportunity.objects.filter(risk.risk_condition("stage_overdue", timezone.now())).exists()
    page = list(Opportunity.objects.filter(pk=flagged["stage_overdue"].pk).select_related("stage"))
    assert risk.flags_for(page, timezone.now()) == {flagged["stage_overdue"].pk: []}


def test_at_risk_list_is_scoped_and_filtered(org: Org, flagged: dict[str, Opportunity]) -> None:
    response = org.client("supervisor").get(f"{V1}/opportunities/at-risk", {"risk": "close_date_passed"})
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert {item["id"] for item in items} == {flagged["close_date_passed"].pk, flagged["same_team"].pk}
    assert all(item["risks"] == ["close_date_passed"] for item in items)
    mine = org.client("own").get(f"{V1}/opportunities/at-risk").json()["items"]
    assert {item["id"] for item in mine} == {flagged[name].pk for name, kinds in EXPECTED.items() if kinds}
    narrowed = org.client("regional_manager").get(f"{V1}/opportunities/at-risk", {"department_id": org.other_team.pk})
    assert [item["id"] for item in narrowed.json()["items"]] == [flagged["other_team"].pk]
    by_owner = org.client("supervisor").get(f"{V1}/opportunities/at-risk", {"owner_id": org.users["same_team"].pk})
    assert [item["id"] for item in by_owner.json()["items"]] == [flagged["same_team"].pk]


def test_at_risk_rejects_unknown_kinds(org: Org) -> None:
    response = org.client("supervisor").get(f"{V1}/opportunities/at-risk", {"risk": "bogus"})
    assert response.status_code == 422


def test_at_risk_query_count_does_not_grow_with_the_page(
    org: Org, flagged: dict[str, Opportunity], django_assert_max_num_queries: Any
) -> None:
    client = org.client("own")
    with CaptureQueriesContext(connection) as small:
        client.get(f"{V1}/opportunities/at-risk", {"limit": 2})
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"{V1}/opportunities/at-risk", {"limit": 50})
    assert len(response.json()["items"]) == 7
    assert len(large) == len(small)
