"""Saved opportunity list views: personal or shared, changed only by their owner, behind the view right."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chengdan.accounts.models import Role, RoleGrant
from chengdan.core.models import SavedView
from chengdan.testing.org import Org, make_user

VIEWS = "/api/v1/opportunities/views"
FILTERS = {"stage_id": [3, 4], "owner_id": 7, "risk": "stalled"}


def _create(client: Client, name: str, *, is_shared: bool) -> dict[str, Any]:
    body = {"name": name, "is_shared": is_shared, "filters": FILTERS, "ordering": "-amount_cny"}
    response = client.post(VIEWS, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_personal_and_shared_views_and_who_sees_them(org: Org) -> None:
    owner = org.client("own")
    personal = _create(owner, "我的大单", is_shared=False)
    shared = _create(owner, "本月重点", is_shared=True)
    assert personal == {
        "id": personal["id"],
        "name": "我的大单",
        "is_shared": False,
        "is_mine": True,
        "filters": FILTERS,
        "columns": [],
        "ordering": "-amount_cny",
    }
    assert SavedView.objects.get(pk=shared["id"]).resource == "opportunities"

    mine = owner.get(VIEWS).json()
    assert [(v["name"], v["is_mine"], v["is_shared"]) for v in mine] == [
        ("我的大单", True, False),
        ("本月重点", True, True),
    ]
    other = org.client("same_team").get(VIEWS)
    assert other.status_code == 200
    assert [(v["id"], v["is_mine"]) for v in other.json()] == [(shared["id"], False)]


def test_views_are_kept_apart_per_resource(org: Org) -> None:
    owner = org.client("own")
    _create(owner, "商机视图", is_shared=True)
    SavedView.objects.create(resource="customers", name="客户视图", owner=org.users["own"], is_shared=True)
    assert [v["name"] for v in owner.get(VIEWS).json()] == ["商机视图"]
    assert [v["name"] for v in owner.get("/api/v1/customers/views").json()] == ["客户视图"]


def test_only_the_owner_updates_or_deletes(org: Org) -> None:
    owner = org.client("own")
    shared = _create(owner, "本月重点", is_shared=True)
    url = f"{VIEWS}/{shared['id']}"
    change = {"name": "被改", "is_shared": True, "filters": {}}
    for persona in ("same_team", "supervisor", "admin"):
        client = org.client(persona)
        assert client.put(url, change, content_type="application/json").status_code == 404
        assert client.delete(url).status_code == 404
    assert SavedView.objects.get(pk=shared["id"]).name == "本月重点"

    updated = owner.put(url, {"name": "下月重点", "filters": {"risk": "overdue"}}, content_type="application/json")
    assert updated.status_code == 200
    assert updated.json()["name"] == "下月重点"
    assert updated.json()["is_shared"] is False
    assert updated.json()["filters"] == {"risk": "overdue"}
    assert owner.delete(url).status_code == 204
    assert not SavedView.objects.filter(pk=shared["id"]).exists()
    assert owner.delete(url).status_code == 404


def test_a_customer_views_id_is_not_found_among_opportunity_views(org: Org) -> None:
    view = SavedView.objects.create(resource="customers", name="客户视图", owner=org.users["own"])
    owner = org.client("own")
    assert owner.put(f"{VIEWS}/{view.pk}", {"name": "改"}, content_type="application/json").status_code == 404
    assert owner.delete(f"{VIEWS}/{view.pk}").status_code == 404
    assert SavedView.objects.get(pk=view.pk).name == "客户视图"


def test_without_the_opportunities_view_right_every_call_is_403(org: Org) -> None:
    role = Role.objects.create(code="customers_only", name="只看客户")
    RoleGrant.objects.create(role=role, resource="customers", actions=["view"], scope="own")
    user = make_user(org.root, "no_deals", org.team, "customers_only")
    mine = SavedView.objects.create(resource="opportunities", name="旧视图", owner=user)
    client = Client()
    client.force_login(user)

    assert client.get(VIEWS).status_code == 403
    created = client.post(VIEWS, {"name": "新视图"}, content_type="application/json")
    assert created.status_code == 403
    assert created.json()["code"] == "permission_denied"
    assert client.put(f"{VIEWS}/{mine.pk}", {"name": "改"}, content_type="application/json").status_code == 403
    assert client.delete(f"{VIEWS}/{mine.pk}").status_code == 403
    assert list(SavedView.objects.filter(owner=user).values_list("name", flat=True)) == ["旧视图"]
    # The customers views stay open to the same user.
    assert client.get("/api/v1/customers/views").status_code == 200


def test_malformed_input_is_a_422(org: Org) -> None:
    owner = org.client("own")
    for body in ({"name": ""}, {"name": "x" * 61}, {"name": "好", "filters": []}, {"name": "好", "colour": "red"}):
        response = owner.post(VIEWS, body, content_type="application/json")
        assert response.status_code == 422, body
    malformed_id = owner.put(f"{VIEWS}/abc", {"name": "好"}, content_type="application/json")
    assert malformed_id.status_code == 422
    assert list(malformed_id.json()["fields"]) == ["view_id"]
    assert not SavedView.objects.exists()


def test_listing_costs_the_same_queries_for_one_view_or_many(org: Org) -> None:
    owner = org.client("own")
    _create(owner, "视图 0", is_shared=True)
    owner.get(VIEWS)  # warm the session and the rights cache
    with CaptureQueriesContext(connection) as one:
        assert len(owner.get(VIEWS).json()) == 1
    for number in range(1, 6):
        _create(owner, f"视图 {number}", is_shared=number % 2 == 0)
    with CaptureQueriesContext(connection) as many:
        assert len(owner.get(VIEWS).json()) == 6
    # Session, user, the rights profile, then the views: one query for the views themselves.
    assert len(one) == len(many) == 4
    assert sum("core_savedview" in query["sql"] for query in many.captured_queries) == 1
