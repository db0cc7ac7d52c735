"""The forecast: exact figures for a team's quarter, change since last week, drill-down, constant cost."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.opportunities import forecast
from chengdan.opportunities.models import Opportunity, Target
from chengdan.opportunities.periods import Period, week_start_of
from chengdan.opportunities.snapshots import take_weekly_snapshot
from chengdan.opportunities.tests.forecast_helpers import current_quarter, deal
from chengdan.testing.org import Org

V1 = "/api/v1"
CHANGE_ZERO = {"count": 0, "amount": "0.00"}


@dataclass
class Book:
    """The deals of the scenario by letter, and the quarter they fall in."""

    period: Period
    deals: dict[str, Opportunity]


@pytest.fixture
def book(org: Org) -> Book:
    """Team 上海组 (own, same_team) and 杭州组 (other_team); last week's snapshot, then this week's edits."""
    period = current_quarter()
    users, customers = org.users, org.customers
    end, next_quarter = period.end, period.next_start + timedelta(days=10)
    own, same, other = customers["own"], customers["same_team"], customers["other_team"]
    deals = {
        "A": deal(users["own"], own, amount="80000.00", category="commit", probability=75, close=end),
        "B": deal(users["own"], own, amount="60000.00", category="best_case", probability=50, close=end),
        "C": deal(users["same_team"], same, amount="33333.33", probability=25, close=next_quarter),
        "D": deal(users["same_team"], same, amount="7000.00", category="omitted", probability=90, close=end),
        "E": deal(users["own"], own, amount="30000.00", category="commit", probability=75, close=end),
        "F": deal(users["own"], own, amount="45000.00", category="commit", probability=75, close=next_quarter),
        "G": deal(users["other_team"], other, amount="90000.00", category="commit", probability=75, close=end),
        "H": deal(users["own"], own, amount="12000.00", status="lost", close=end),
        "I": deal(users["same_team"], same, amount="15000.00", probability=10, close=end),
    }
    take_weekly_snapshot(week_start_of(timezone.localdate()) - timedelta(days=7))
    # This week: A raised, B cut, C pulled into the quarter, E won, I pushed out, G (other team) raised.
    Opportunity.objects.filter(pk=deals["A"].pk).update(amount="100000.00", amount_cny="100000.00")
    Opportunity.objects.filter(pk=deals["B"].pk).update(amount="50000.00", amount_cny="50000.00")
    Opportunity.objects.filter(pk=deals["C"].pk).update(expected_close_date=end)
    Opportunity.objects.filter(pk=deals["E"].pk).update(
        status="won",
        forecast_category="closed",
        won_at=period.start_moment + timedelta(days=3),
        won_amount="30000.00",
        won_amount_cny="30000.00",
    )
    Opportunity.objects.filter(pk=deals["I"].pk).update(expected_close_date=next_quarter)
    Opportunity.objects.filter(pk=deals["G"].pk).update(amount_cny="99000.00")
    for persona, amount in (("own", "200000.00"), ("same_team", "100000.00")):
        Target.objects.create(
            user=users[persona],
            department=org.team,
            period_type="quarter",
            period_start=period.start,
            amount=Decimal(amount),
        )
    Target.objects.create(
        department=org.team,
        is_department_target=True,
        period_type="quarter",
        period_start=period.start,
        amount=Decimal("400000.00"),
    )
    Target.objects.create(
        department=org.region,
        is_department_target=True,
        period_type="quarter",
        period_start=period.start,
        amount=Decimal("1000000.00"),
    )
    return Book(period=period, deals={key: Opportunity.objects.get(pk=value.pk) for key, value in deals.items()})


def _get(org: Org, persona: str, book: Book, **params: Any) -> Any:
    query = {"period_type": "quarter", "period_start": book.period.start.isoformat(), **params}
    response = org.client(persona).get(f"{V1}/forecast", query)
    assert response.status_code == 200, response.content
    return response.json()


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in ("target", "closed", "commit", "best_case", "pipeline", "weighted")}


def test_supervisor_forecast_by_owner_counts_only_the_team(org: Org, book: Book) -> None:
    body = _get(org, "supervisor", book, group_by="owner")
    assert body["period_start"] == book.period.start.isoformat()
    assert body["period_end"] == book.period.end.isoformat()
    rows = {row["key_name"]: row for row in body["rows"]}
    assert set(rows) == {"rep_own", "rep_same"}
    assert _figures(rows["rep_own"]) == {
        "target": "200000.00",
        "closed": "30000.00",
        "commit": "100000.00",
        "best_case": "150000.00",
        "pipeline": "150000.00",
        "weighted": "100000.00",
    }
    assert rows["rep_own"]["attainment"] == 0.15
    assert _figures(rows["rep_same"]) == {
        "target": "100000.00",
        "closed": "0.00",
        "commit": "0.00",
        "best_case": "0.00",
        "pipeline": "33333.33",
        "weighted": "8333.33",
    }
    assert rows["rep_same"]["attainment"] == 0.0
    assert _figures(body["total"]) == {
        "target": "300000.00",
        "closed": "30000.00",
        "commit": "100000.00",
        "best_case": "150000.00",
        "pipeline": "183333.33",
        "weighted": "108333.33",
    }
    assert body["total"]["attainment"] == 0.1


def test_change_since_last_week_compares_with_the_snapshot(org: Org, book: Book) -> None:
    body = _get(org, "supervisor", book, group_by="owner")
    assert body["compared_with"] == (week_start_of(timezone.localdate()) - timedelta(days=7)).isoformat()
    assert body["total"]["change"] == {
        "moved_in": {"count": 1, "amount": "33333.33"},
        "moved_out": {"count": 1, "amount": "15000.00"},
        "up": {"count": 1, "amount": "20000.00"},
        "down": {"count": 1, "amount": "10000.00"},
    }
    rows = {row["key_name"]: row["change"] for row in body["rows"]}
    assert rows["rep_own"] == {
        "moved_in": CHANGE_ZERO,
        "moved_out": CHANGE_ZERO,
        "up": {"count": 1, "amount": "20000.00"},
        "down": {"count": 1, "amount": "10000.00"},
    }


def test_without_an_old_snapshot_there_is_no_change(org: Org, book: Book) -> None:
    from chengdan.opportunities.models import OpportunitySnapshot

    OpportunitySnapshot.objects.all().delete()
    body = _get(org, "supervisor", book)
    assert body["compared_with"] is None
    assert body["total"]["change"] == {kind: CHANGE_ZERO for kind in ("moved_in", "moved_out", "up", "down")}


def test_department_root_uses_the_department_target(org: Org, book: Book) -> None:
    body = _get(org, "supervisor", book, group_by="department", department_id=org.team.pk)
    assert [(row["key_id"], row["pipeline"], row["target"]) for row in body["rows"]] == [
        (org.team.pk, "183333.33", "400000.00")
    ]
    assert body["total"]["target"] == "400000.00"
    assert body["total"]["attainment"] == 0.075


def test_regional_manager_by_region_and_by_department(org: Org, book: Book) -> None:
    region = _get(org, "regional_manager", book, group_by="region")
    assert [(row["key_id"], row["key_name"]) for row in region["rows"]] == [(org.region.pk, "华东大区")]
    row = region["rows"][0]
    assert _figures(row) == {
        "target": "1000000.00",
        "closed": "30000.00",
        "commit": "199000.00",
        "best_case": "249000.00",
        "pipeline": "282333.33",
        "weighted": "182583.33",
    }
    assert row["attainment"] == 0.03
    assert row["change"]["up"] == {"count": 2, "amount": "29000.00"}
    teams = _get(org, "regional_manager", book, group_by="department")
    assert {row["key_id"]: row["commit"] for row in teams["rows"]} == {
        org.team.pk: "100000.00",
        org.other_team.pk: "99000.00",
        org.region.pk: "0.00",  # the region's own target has a row of its own
    }


def test_a_rep_sees_only_their_own_deals_and_target(org: Org, book: Book) -> None:
    body = _get(org, "own", book)
    assert [(row["key_name"], row["pipeline"], row["target"]) for row in body["rows"]] == [
        ("rep_own", "150000.00", "200000.00")
    ]


def test_period_start_must_be_the_first_day_of_the_period(org: Org, book: Book) -> None:
    client = org.client("supervisor")
    response = client.get(f"{V1}/forecast", {"period_type": "quarter", "period_start": "2026-11-01"})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {"period_start"}
    response = client.get(f"{V1}/forecast", {"period_type": "quarter", "period_start": "not-a-date"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("figure", "params", "expected"),
    [
        ("pipeline", {}, {"A", "B", "C"}),
        ("weighted", {}, {"A", "B", "C"}),
        ("best_case", {}, {"A", "B"}),
        ("commit", {"group_by": "owner", "key": "own"}, {"A"}),
        ("pipeline", {"group_by": "owner", "key": "same_team"}, {"C"}),
        ("closed", {}, {"E"}),
        ("moved_in", {}, {"C"}),
        ("moved_out", {}, {"I"}),
        ("moved_out", {"group_by": "owner", "key": "own"}, set()),
        ("up", {}, {"A"}),
        ("down", {}, {"B"}),
    ],
)
def test_drill_lists_exactly_the_deals_behind_a_figure(
    org: Org, book: Book, figure: str, params: dict[str, str], expected: set[str]
) -> None:
    query: dict[str, Any] = {"period_type": "quarter", "period_start": book.period.start.isoformat(), "figure": figure}
    if params:
        query["group_by"] = params["group_by"]
        query["key_id"] = org.users[params["key"]].pk
    response = org.client("supervisor").get(f"{V1}/forecast/drill", query)
    assert response.status_code == 200, response.content
    names = {deal.pk: key for key, deal in book.deals.items()}
    assert {names[item["id"]] for item in response.json()["items"]} == expected


def test_drill_by_region_row_covers_its_teams(org: Org, book: Book) -> None:
    query = {
        "period_type": "quarter",
        "period_start": book.period.start.isoformat(),
        "figure": "commit",
        "group_by": "region",
        "key_id": org.region.pk,
    }
    response = org.client("regional_manager").get(f"{V1}/forecast/drill", query)
    assert {item["id"] for item in response.json()["items"]} == {book.deals["A"].pk, book.deals["G"].pk}


def test_forecast_is_a_fixed_number_of_queries(org: Org, book: Book) -> None:
    user = org.users["supervisor"]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            forecast.build_forecast(user, book.period, "owner", today=timezone.localdate())
        queries_of_last[:] = queries.captured_queries
        return len(queries)

    queries_of_last: list[Any] = []

    count()  # the actor's access profile is loaded once and cached on the user
    before = count()
    for index in range(30):
        deal(
            org.users["own" if index % 2 else "same_team"],
            org.customers["own"],
            amount="1000.00",
            category="commit",
            probability=50,
            close=book.period.end,
        )
    assert count() == before
    # Tree, figures, baseline week, changes, moved out, targets, names (+ the engine's reach lookups).
    assert before <= 10, "\n".join(query["sql"][:90] for query in queries_of_last)
    result = forecast.build_forecast(user, book.period, "owner", today=timezone.localdate())
    assert result.total.figures["commit"] == Decimal("130000.00")


def test_forecast_and_drill_api_query_counts_do_not_grow(
    org: Org, book: Book, django_assert_max_num_queries: Any
) -> None:
    client = org.client("supervisor")
    query = {"period_type": "quarter", "period_start": book.period.start.isoformat(), "figure": "pipeline"}
    for _ in range(20):
        deal(org.users["own"], org.customers["own"], amount="10.00", close=book.period.end)
    with django_assert_max_num_queries(16):
        assert client.get(f"{V1}/forecast", {k: v for k, v in query.items() if k != "figure"}).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(f"{V1}/forecast/drill", query)
    assert response.json()["count"] == 23
