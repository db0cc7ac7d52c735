"""A list page's owners and departments come from one query, one instance per person, with the right names."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.accounts.people import attach_people
from chengdan.customers.models import Customer
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db


def _names(row: Customer) -> tuple[str | None, str | None]:
    return (row.owner.name if row.owner else None, row.department.name if row.department else None)


def test_each_row_gets_its_own_owner_and_department_by_name(org: Org) -> None:
    rows = list(Customer.objects.order_by("pk"))
    Customer.objects.filter(pk=rows[0].pk).update(department=None)
    rows = list(Customer.objects.order_by("pk"))
    assert len({row.owner_id for row in rows}) > 1

    with CaptureQueriesContext(connection) as captured:
        attach_people(rows)
        shown = [
            (row.owner.name if row.owner else None, row.department.name if row.department else None) for row in rows
        ]
    assert len(captured) == 1

    expected = [_names(row) for row in Customer.objects.select_related("owner", "department").order_by("pk")]
    assert shown == expected
    assert shown[0][1] is None
    # One instance per distinct owner.
    by_owner = {row.owner_id: row.owner for row in rows}
    assert all(row.owner is by_owner[row.owner_id] for row in rows)


def test_a_page_without_owners_or_departments_costs_nothing(org: Org) -> None:
    Customer.objects.update(owner=None, department=None)
    rows = list(Customer.objects.all())
    with CaptureQueriesContext(connection) as captured:
        attach_people(rows)
        assert all(row.owner is None and row.department is None for row in rows)
    assert len(captured) == 0
