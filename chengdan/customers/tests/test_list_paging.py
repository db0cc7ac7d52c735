"""Keyset pages over a sort column that may be empty: every row once, empty values last."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from chengdan.customers import actions
from chengdan.customers.models import Customer
from chengdan.testing.org import Org


def _walk(client: Any, ordering: str) -> list[int]:
    ids: list[int] = []
    cursor = ""
    while True:
        url = f"/api/v1/customers?limit=2&ordering={ordering}" + (f"&cursor={cursor}" if cursor else "")
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return ids


@pytest.mark.parametrize("descending", [False, True])
def test_paging_on_a_nullable_column_returns_every_row_once_with_empty_values_last(org: Org, descending: bool) -> None:
    owner = org.users["own"]
    now = timezone.now()
    followed = []
    for days in (3, 1, 2):
        customer = actions.create_customer(actor=owner, values={"name": f"跟进{days}有限公司"}, allow_duplicate=True)
        Customer.objects.filter(pk=customer.pk).update(last_follow_up_at=now - timedelta(days=days))
        followed.append((days, customer.pk))
    never = [
        actions.create_customer(actor=owner, values={"name": f"未跟进{n}有限公司"}, allow_duplicate=True).pk
        for n in range(2)
    ]
    never.append(org.customers["own"].pk)
    # Newest follow-up first when descending (fewest days ago), oldest first when ascending.
    by_time = [pk for _, pk in sorted(followed, reverse=not descending)]
    expected = by_time + sorted(never, reverse=descending)

    ids = _walk(org.client("own"), "-last_follow_up_at" if descending else "last_follow_up_at")

    assert ids == expected
