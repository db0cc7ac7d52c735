"""The kanban board: exact column totals, first pages, column pages, constant query count."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.opportunities import actions
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity, stage
from chengdan.testing.org import Org

BOARD = "/api/v1/opportunities/board"


def _column(body: dict, code: str) -> dict:
    return next(column for column in body["columns"] if column["stage_id"] == stage(code).pk)


def test_board_totals_are_exact(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    close = timezone.localdate() + timedelta(days=30)
    make_opportunity(own, customer, amount="1000.10")
    make_opportunity(own, customer, amount="333.33")
    make_opportunity(own, customer, amount="100", currency="USD")
    proposal = make_opportunity(own, customer, amount="999.99", expected_close_date=close)
    actions.move_opportunity_to_stage(actor=own, opportunity_id=proposal.pk, version=1, stage_id=stage("proposal").pk)
    won = make_opportunity(own, customer, amount="500")
    actions.mark_opportunity_won(actor=own, opportunity_id=won.pk, version=1)
    old = make_opportunity(own, customer, amount="700")
    actions.mark_opportunity_won(actor=own, opportunity_id=old.pk, version=1)
    Opportunity.objects.filter(pk=old.pk).update(won_at=timezone.now() - timedelta(days=91))
    make_opportunity(org.users["other_team"], org.customers["other_team"], amount="1")

    body = org.client("own").get(BOARD).json()
    first = _column(body, "initial_contact")
    assert (first["count"], first["amount"], first["weighted_amount"]) == (3, "2043.43", "204.34")
    assert [card["amount_cny"] for card in first["items"]] == ["710.00", "333.33", "1000.10"]
    assert first["next_cursor"] is None
    proposal_column = _column(body, "proposal")
    assert (proposal_column["count"], proposal_column["amount"], proposal_column["weighted_amount"]) == (
        1,
        "999.99",
        "500.00",
    )
    won_column = _column(body, "won")
    assert (won_column["count"], won_column["amount"], won_column["weighted_amount"]) == (1, "500.00", "500.00")
    assert [card["id"] for card in won_column["items"]] == [won.pk]
    assert body["pipeline"]["stages"][0]["code"] == "initial_contact"
    supervisor = org.client("supervisor").get(BOARD, {"owner_id": org.users["own"].pk}).json()
    assert _column(supervisor, "initial_contact")["count"] == 3


def _board_queries(org: Org) -> tuple[int, dict]:
    client = org.client("own")
    client.get(BOARD)  # warm the session and the profile cache the same way for both runs
    with CaptureQueriesContext(connection) as captured:
        body = client.get(BOARD).json()
    return len(captured), body


def test_board_query_count_is_constant_and_columns_page_on(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    for _ in range(5):
        make_opportunity(own, customer, amount="10")
    few, body = _board_queries(org)
    assert _column(body, "initial_contact")["count"] == 5
    for _ in range(55):
        make_opportunity(own, customer, amount="10")
    many, body = _board_queries(org)
    column = _column(body, "initial_contact")
    assert (column["count"], column["amount"], len(column["items"])) == (60, "600.00", 20)
    assert many == few
    seen = [card["id"] for card in column["items"]]
    cursor = column["next_cursor"]
    client = org.client("own")
    while cursor:
        page = client.get(
            f"{BOARD}/column", {"stage_id": stage("initial_contact").pk, "cursor": cursor, "limit": 25}
        ).json()
        seen += [card["id"] for card in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(seen, reverse=True)
    assert len(seen) == len(set(seen)) == 60


def test_board_refuses_unknown_pipeline_and_bad_cursor(org: Org) -> None:
    client = org.client("own")
    assert client.get(BOARD, {"pipeline_id": 99999}).status_code == 404
    bad = client.get(f"{BOARD}/column", {"stage_id": stage("initial_contact").pk, "cursor": "!!"})
    assert bad.status_code == 422
    assert org.client("anonymous").get(BOARD).status_code == 401
