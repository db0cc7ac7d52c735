"""Targets: who may set them, one team's period in one call, attainment from won deals."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.audit.models import AuditEntry
from chengdan.opportunities.models import Target
from chengdan.opportunities.periods import Period
from chengdan.opportunities.tests.forecast_helpers import current_quarter, deal
from chengdan.testing.org import Org

V1 = "/api/v1"


@pytest.fixture
def period(org: Org) -> Period:
    """The current quarter, with rep own having won 50,000 in it and 9,999 the quarter before."""
    quarter = current_quarter()
    own, customer = org.users["own"], org.customers["own"]
    deal(own, customer, amount="50000.00", status="won", won_at=quarter.start_moment + timedelta(hours=1))
    deal(own, customer, amount="9999.00", status="won", won_at=quarter.start_moment - timedelta(hours=1))
    deal(
        org.users["other_team"],
        org.customers["other_team"],
        amount="7000.00",
        status="won",
        won_at=quarter.start_moment + timedelta(days=1),
    )
    return quarter


def _body(period: Period, **values: Any) -> dict[str, Any]:
    return {"period_type": "quarter", "period_start": period.start.isoformat(), **values}


def test_supervisor_sets_a_rep_target_and_sees_attainment(org: Org, period: Period) -> None:
    client = org.client("supervisor")
    response = client.post(
        f"{V1}/targets", _body(period, user_id=org.users["own"].pk, amount="200000"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in ("user_name", "department_id", "is_department_target", "amount")} == {
        "user_name": "rep_own",
        "department_id": org.team.pk,
        "is_department_target": False,
        "amount": "200000.00",
    }
    assert body["won_amount"] == "50000.00"
    assert body["attainment"] == 0.25
    assert AuditEntry.objects.filter(action="target.created", object_id=str(body["id"])).count() == 1
    again = client.post(
        f"{V1}/targets", _body(period, user_id=org.users["own"].pk, amount="1"), content_type="application/json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "target.duplicate"


def test_department_target_counts_the_subtree(org: Org, period: Period) -> None:
    client = org.client("regional_manager")
    response = client.post(
        f"{V1}/targets", _body(period, department_id=org.region.pk, amount="100000"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["won_amount"] == "57000.00"
    assert response.json()["attainment"] == 0.57


@pytest.mark.parametrize(
    ("persona", "holder", "status", "code"),
    [
        ("own", "own", 403, "permission_denied"),
        ("customer_service", "own", 403, "permission_denied"),
        ("supervisor", "other_team", 422, "permission.target_out_of_scope"),
    ],
)
def test_setting_a_target_needs_the_right_and_reach(
    org: Org, period: Period, persona: str, holder: str, status: int, code: str
) -> None:
    response = org.client(persona).post(
        f"{V1}/targets", _body(period, user_id=org.users[holder].pk, amount="1000"), content_type="application/json"
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Target.objects.exists()


def test_invalid_targets_answer_422(org: Org, period: Period) -> None:
    client = org.client("supervisor")
    cases = [
        (_body(period, user_id=org.users["own"].pk, amount="1", period_start="2026-02-01"), "period_start"),
        (_body(period, amount="1"), "user_id"),
        (_body(period, user_id=org.users["own"].pk, department_id=org.team.pk, amount="1"), "user_id"),
        (_body(period, user_id=999999, amount="1"), "user_id"),
        (_body(period, user_id=org.users["own"].pk, amount="-5"), "amount"),
    ]
    for body, field in cases:
        response = client.post(f"{V1}/targets", body, content_type="application/json")
        assert response.status_code == 422, body
        assert field in response.json()["fields"], response.json()
    assert not Target.objects.exists()


def test_bulk_sets_a_whole_team_then_replaces_it(org: Org, period: Period) -> None:
    client = org.client("supervisor")
    items = [
        {"user_id": org.users["own"].pk, "amount": "200000"},
        {"user_id": org.users["same_team"].pk, "amount": "100000"},
        {"department_id": org.team.pk, "amount": "300000"},
    ]
    response = client.put(f"{V1}/targets/bulk", _body(period, items=items), content_type="application/json")
    assert response.status_code == 200, response.content
    assert [(row["user_name"], row["amount"], row["version"]) for row in response.json()] == [
        ("rep_own", "200000.00", 1),
        ("rep_same", "100000.00", 1),
        (None, "300000.00", 1),
    ]
    items[1]["amount"] = "120000"
    response = client.put(f"{V1}/targets/bulk", _body(period, items=items), content_type="application/json")
    assert [(row["amount"], row["version"]) for row in response.json()] == [
        ("200000.00", 1),
        ("120000.00", 2),
        ("300000.00", 1),
    ]
    assert Target.objects.count() == 3
    listed = client.get(f"{V1}/targets", {"period_type": "quarter", "period_start": period.start.isoformat()})
    assert [(row["amount"], row["won_amount"], row["attainment"]) for row in listed.json()] == [
        ("300000.00", "50000.00", 0.1667),
        ("200000.00", "50000.00", 0.25),
        ("120000.00", "0.00", 0.0),
    ]


def test_bulk_is_all_or_nothing(org: Org, period: Period) -> None:
    items = [
        {"user_id": org.users["own"].pk, "amount": "200000"},
        {"user_id": org.users["other_team"].pk, "amount": "100000"},
    ]
    response = org.client("supervisor").put(
        f"{V1}/targets/bulk", _body(period, items=items), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "permission.target_out_of_scope"
    assert not Target.objects.exists()
    twice = [{"user_id": org.users["own"].pk, "amount": "1"}, {"user_id": org.users["own"].pk, "amount": "2"}]
    response = org.client("supervisor").put(
        f"{V1}/targets/bulk", _body(period, items=twice), content_type="application/json"
    )
    assert response.status_code == 422
    assert "items.1.user_id" in response.json()["fields"]


def _target(org: Org, period: Period, persona: str = "own") -> Target:
    return Target.objects.create(
        user=org.users[persona],
        department=org.users[persona].department,
        period_type="quarter",
        period_start=period.start,
        amount="100000.00",
    )


def test_edit_checks_version_and_scope(org: Org, period: Period) -> None:
    target = _target(org, period)
    client = org.client("supervisor")
    stale = client.patch(f"{V1}/targets/{target.pk}", {"version": 7, "amount": "1"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["amount"] == "100000.00"
    ok = client.patch(f"{V1}/targets/{target.pk}", {"version": 1, "amount": "80000"}, content_type="application/json")
    assert ok.status_code == 200
    assert (ok.json()["amount"], ok.json()["version"], ok.json()["attainment"]) == ("80000.00", 2, 0.625)
    other = _target(org, period, "other_team")
    hidden = client.patch(f"{V1}/targets/{other.pk}", {"version": 1, "amount": "1"}, content_type="application/json")
    assert hidden.status_code == 404
    rep = org.client("own").patch(
        f"{V1}/targets/{target.pk}", {"version": 2, "amount": "1"}, content_type="application/json"
    )
    assert rep.status_code == 403
    target.refresh_from_db()
    assert str(target.amount) == "80000.00"


def test_delete(org: Org, period: Period) -> None:
    target = _target(org, period)
    other = _target(org, period, "other_team")
    client = org.client("supervisor")
    assert client.delete(f"{V1}/targets/{other.pk}").status_code == 404
    assert client.delete(f"{V1}/targets/{target.pk}").status_code == 204
    assert list(Target.objects.values_list("pk", flat=True)) == [other.pk]


def test_rep_lists_only_their_own_targets(org: Org, period: Period) -> None:
    mine = _target(org, period)
    _target(org, period, "same_team")
    rows = org.client("own").get(f"{V1}/targets").json()
    assert [(row["id"], row["won_amount"], row["attainment"]) for row in rows] == [(mine.pk, "50000.00", 0.5)]


def test_list_query_count_does_not_grow(org: Org, period: Period) -> None:
    client = org.client("admin")
    _target(org, period)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{V1}/targets", {"period_type": "quarter", "period_start": period.start.isoformat()})
    for persona in ("same_team", "other_team", "supervisor"):
        _target(org, period, persona)
    Target.objects.create(
        department=org.team, is_department_target=True, period_type="quarter", period_start=period.start, amount=1
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{V1}/targets", {"period_type": "quarter", "period_start": period.start.isoformat()})
    assert len(response.json()) == 5
    assert len(many) <= len(few) + 2  # department targets add the tree and the per-department sums once
