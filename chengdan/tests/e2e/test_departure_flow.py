"""An admin hands over a leaving rep's work from the users page: disabled, leads, customers and deals moved."""

from typing import Any

import pytest

from chengdan.accounts.models import User
from chengdan.customers.models import Customer
from chengdan.leads.models import Lead
from chengdan.leads.tests.factories import make_lead
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import pick, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_hands_a_leaving_reps_work_to_a_colleague(live_server: Any, page: Any, org: Org) -> None:
    leaver, heir = org.users["own"], org.users["same_team"]
    lead = make_lead(leaver, name="交接线索")
    deal = make_opportunity(leaver, org.customers["own"], name="交接商机")

    sign_in(page, live_server.url, org.users["admin"].username, PASSWORD)
    page.goto(f"{live_server.url}/users")
    page.get_by_test_id(f"user-depart-{leaver.pk}").click()
    dialog = page.get_by_test_id("departure-dialog")
    dialog.wait_for()
    pick(page, dialog.get_by_test_id("departure-colleague"), heir.username, search=heir.username)
    with page.expect_response(lambda response: response.url.endswith(f"/users/{leaver.pk}/departure")) as answer:
        page.get_by_test_id("departure-save").click()
    assert answer.value.status == 200

    assert not User.objects.get(pk=leaver.pk).is_active
    assert Lead.objects.get(pk=lead.pk).owner_id == heir.pk
    assert Customer.objects.get(pk=org.customers["own"].pk).owner_id == heir.pk
    assert Opportunity.objects.get(pk=deal.pk).owner_id == heir.pk
