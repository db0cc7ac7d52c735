"""The API conventions every endpoint follows: errors, pagination, idempotency, versions."""

import json
import uuid

import pytest
from django.test import Client

from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Customer
from chengdan.testing.org import Org

URL = "/api/v1/customers"


def post(client: Client, body: object, **headers: str) -> object:
    return client.post(
        URL,
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{not json", 400, "malformed_request"),
        ("[]", 422, "validation_error"),
        ({"name": 123}, 422, "validation_error"),
        ({"name": "x" * 100_000}, 422, "validation_error"),
        ({"name": "ok", "surprise": 1}, 422, "validation_error"),
        ({}, 422, "validation_error"),
        ({"name": "ok", "owner_id": "abc"}, 422, "validation_error"),
    ],
)
def test_malformed_input_gets_a_clear_error_and_writes_nothing(org: Org, body: object, status: int, code: str) -> None:
    before = Customer.objects.count()
    response = post(org.client("own"), body)
    assert response.status_code == status, response.content  # type: ignore[attr-defined]
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["code"] == code
    assert answer["message"]
    assert Customer.objects.count() == before


def test_validation_messages_name_the_field_in_the_users_language(org: Org) -> None:
    client = org.client("own")
    zh = post(client, {"name": ""}, **{"Accept-Language": "zh-CN"}).json()  # type: ignore[attr-defined]
    en = post(client, {"name": ""}, **{"Accept-Language": "en"}).json()  # type: ignore[attr-defined]
    assert zh["fields"]["name"].startswith("内容过短")
    assert en["fields"]["name"].startswith("Too short")


def test_unknown_id_types_and_deep_garbage_do_not_500(org: Org) -> None:
    client = org.client("admin")
    for url in (
        "/api/v1/customers/abc",
        "/api/v1/customers/99999999999999999999",
        "/api/v1/customers?limit=-1",
        "/api/v1/customers?cursor=%%%",
        "/api/v1/customers?ordering=password",
        "/api/v1/users?is_active=maybe",
    ):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert "code" in response.json()


def test_cursor_pages_walk_every_row_once(org: Org) -> None:
    for number in range(7):
        customer_actions.create_customer(
            actor=org.users["own"], values={"name": f"分页客户{number}"}, allow_duplicate=True
        )
    client = org.client("own")
    seen: list[int] = []
    url = f"{URL}?limit=3"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["items"]]
        assert page["count"] == 8 and page["count_capped"] is False
        url = f"{URL}?limit=3&cursor={page['next_cursor']}" if page["next_cursor"] else ""
    assert len(seen) == len(set(seen)) == 8


def test_counts_are_capped_unless_exact_is_asked(org: Org, settings: object) -> None:
    settings.API_COUNT_CAP = 2  # type: ignore[attr-defined]
    client = org.client("admin")
    capped = client.get(URL).json()
    exact = client.get(f"{URL}?exact_count=true").json()
    assert (capped["count"], capped["count_capped"]) == (2, True)
    assert (exact["count"], exact["count_capped"]) == (3, False)


def test_list_query_count_does_not_grow_with_page_size(org: Org, django_assert_max_num_queries: object) -> None:
    for number in range(30):
        customer_actions.create_customer(actor=org.users["own"], values={"name": f"批量{number}"}, allow_duplicate=True)
    client = org.client("supervisor")
    client.get(URL)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for limit in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{URL}?limit={limit}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{URL}/{org.customers['own'].pk}").status_code == 200
    assert len(queries) <= 8


def test_idempotency_key_replays_and_refuses_reuse(org: Org) -> None:
    client = org.client("own")
    key = str(uuid.uuid4())
    first = post(client, {"name": "幂等客户"}, **{"Idempotency-Key": key})
    again = post(client, {"name": "幂等客户"}, **{"Idempotency-Key": key})
    other = post(client, {"name": "另一个"}, **{"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201  # type: ignore[attr-defined]
    assert first.json() == again.json()  # type: ignore[attr-defined]
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
    assert other.status_code == 422 and other.json()["code"] == "idempotency.key_reused"  # type: ignore[attr-defined]
    assert Customer.objects.filter(name="幂等客户").count() == 1


def test_stale_version_gets_409_with_the_current_record(org: Org) -> None:
    client = org.client("own")
    url = f"{URL}/{org.customers['own'].pk}"
    assert client.patch(url, data={"version": 1, "notes": "甲"}, content_type="application/json").status_code == 200
    stale = client.patch(url, data={"version": 1, "notes": "乙"}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict.stale_version"
    assert body["current"]["notes"] == "甲" and body["current"]["version"] == 2
    assert Customer.objects.get(pk=org.customers["own"].pk).notes == "甲"


def test_bearer_token_works_without_csrf_and_stops_when_revoked(org: Org) -> None:
    client = org.client("own")
    created = client.post("/api/v1/auth/tokens", data={"name": "erp"}, content_type="application/json").json()
    from chengdan.accounts.models import ApiToken

    assert created["token"] not in ApiToken.objects.get(pk=created["id"]).token_hash
    bearer = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {created['token']}"})
    assert bearer.post(URL, data={"name": "令牌客户"}, content_type="application/json").status_code == 201
    client.delete(f"/api/v1/auth/tokens/{created['id']}")
    denied = bearer.get(URL)
    assert denied.status_code == 401 and denied.json()["code"] == "auth.not_authenticated"


def test_spa_fallback_serves_client_routes(db: None) -> None:
    response = Client().get("/customers/42")
    assert response.status_code in (200, 503)
    assert b"<html" in response.content.lower() or b"<!doctype" in response.content.lower()
    assert Client().get("/api/v1/nothing-here").status_code == 404
