"""Issue 6 in a browser: a rep drags deals across the pipeline board; a gate refuses one move."""

from decimal import Decimal
from typing import Any

import pytest

from chengdan.opportunities import actions as opportunity_actions
from chengdan.opportunities.models import Opportunity, Stage
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _column(page: Any, code: str) -> Any:
    return page.get_by_test_id(f"board-column-{code}")


def test_rep_drags_a_deal_forward_and_a_gate_refuses_another(live_server: Any, page: Any, org: Org) -> None:
    rep = org.users["own"]
    customer = org.customers["own"]
    ready = opportunity_actions.create_opportunity(
        actor=rep,
        name="华东扩容项目",
        customer_id=customer.pk,
        values={"amount": Decimal("120000.00")},
        contacts=[{"contact_id": org.contacts["own"].pk, "role": "采购", "is_key": False}],
    )
    bare = opportunity_actions.create_opportunity(actor=rep, name="待定意向", customer_id=customer.pk)
    initial = Stage.objects.get(code="initial_contact")
    assert {ready.stage_id, bare.stage_id} == {initial.pk}

    base = live_server.url
    sign_in(page, base, rep.username, PASSWORD)
    page.goto(f"{base}/opportunities/board")
    ready_card = _column(page, "initial_contact").get_by_test_id(f"opportunity-card-{ready.pk}")
    ready_card.wait_for()
    assert "¥120,000" in _column(page, "initial_contact").get_by_test_id("board-column-amount").inner_text()

    # Allowed: 初步接洽 → 需求确认 (the deal has a contact).
    # The card moves at once; wait for the server's answer before reading the database.
    with page.expect_response(lambda response: response.url.endswith(f"/opportunities/{ready.pk}/move")) as moved:
        ready_card.drag_to(_column(page, "needs_confirmed"))
    assert moved.value.status == 200
    _column(page, "needs_confirmed").get_by_test_id(f"opportunity-card-{ready.pk}").wait_for()
    ready.refresh_from_db()
    assert ready.stage.code == "needs_confirmed"
    assert rep_client_stage(org, ready.pk) == ready.stage_id
    assert _column(page, "needs_confirmed").get_by_test_id("board-column-count").inner_text() in {"1 个", "1 deals"}

    # Refused: 商务谈判 needs an amount, a decision maker and a close date.
    bare_version = bare.version
    bare_card = page.get_by_test_id(f"opportunity-card-{bare.pk}")
    bare_card.drag_to(_column(page, "negotiation"))
    refusal = page.locator(".board-move-refused")
    refusal.wait_for()
    assert "金额" in refusal.inner_text()
    _column(page, "initial_contact").get_by_test_id(f"opportunity-card-{bare.pk}").wait_for()
    assert _column(page, "negotiation").get_by_test_id(f"opportunity-card-{bare.pk}").count() == 0
    bare.refresh_from_db()
    assert (bare.stage_id, bare.version) == (initial.pk, bare_version)
    assert not Opportunity.objects.filter(pk=bare.pk, stage__code="negotiation").exists()


def rep_client_stage(org: Org, opportunity_id: int) -> int:
    """The deal's stage as the API reports it to the rep."""
    response = org.client("own").get(f"/api/v1/opportunities/{opportunity_id}")
    assert response.status_code == 200
    return int(response.json()["stage_id"])
