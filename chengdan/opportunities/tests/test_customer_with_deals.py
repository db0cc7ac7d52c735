"""A customer with deals cannot be deleted out from under them: 409, or refused by id in a bulk delete."""

from chengdan.customers.models import Customer
from chengdan.opportunities.models import Opportunity
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import Org


def test_deleting_a_customer_with_deals_answers_409_and_changes_nothing(org: Org) -> None:
    customer = org.customers["own"]
    make_opportunity(org.users["own"], customer, name="在谈项目")
    client = org.client("supervisor")

    response = client.delete(f"/api/v1/customers/{customer.pk}")

    assert response.status_code == 409
    assert response.json()["code"] == "customer.has_records"
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert Opportunity.objects.filter(customer=customer).count() == 1


def test_bulk_delete_refuses_customers_with_deals_and_deletes_the_others(org: Org) -> None:
    with_deal, without = org.customers["own"], org.customers["same_team"]
    make_opportunity(org.users["own"], with_deal, name="在谈项目")
    client = org.client("supervisor")

    response = client.post(
        "/api/v1/customers/bulk",
        {"ids": [with_deal.pk, without.pk], "operation": "delete"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"done": 1, "refused_ids": [with_deal.pk]}
    assert Customer.objects.filter(pk=with_deal.pk).exists()
    assert not Customer.objects.filter(pk=without.pk).exists()
