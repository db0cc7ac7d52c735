"""Public pools: who sees pooled records, claims within the limits, release, manager assignment, history."""

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from chengdan.access.models import Pool
from chengdan.accounts.models import User
from chengdan.audit.models import AuditEntry
from chengdan.core.errors import DomainError
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Customer
from chengdan.leads import pool_actions, pools
from chengdan.leads.choices import LeadSource, PoolAction
from chengdan.leads.models import Lead, PoolEvent
from chengdan.testing.org import Org

V1 = "/api/v1"


def make_pool(org: Org, **values: Any) -> Pool:
    """A customers pool for the Shanghai team (members by department), managed by its supervisor."""
    pool = Pool.objects.create(
        resource=values.pop("resource", "customers"), name=values.pop("name", "上海公海"), **values
    )
    pool.member_departments.set([org.team])
    pool.managers.set([org.users["supervisor"]])
    return pool


def pooled_customer(org: Org, pool: Pool, name: str = "公海客户有限公司", owner: str = "same_team") -> Customer:
    """A customer created by a rep and returned to the pool (its history starts with the return)."""
    customer = customer_actions.create_customer(actor=org.users[owner], values={"name": name}, allow_duplicate=True)
    pool_actions.return_to_pool(customer, pool, "测试收回")
    customer.refresh_from_db()
    return customer


def pooled_lead(org: Org, pool: Pool, name: str = "公海线索") -> Lead:
    lead = Lead.objects.create(name=name, mobile="13600001111", source=LeadSource.PHONE, owner=org.users["same_team"])
    pool_actions.return_to_pool(lead, pool, "测试收回")
    lead.refresh_from_db()
    return lead


def fresh(org: Org, persona: str) -> User:
    """The persona as a new request sees it (profiles cache pool memberships per request)."""
    return User.objects.get(pk=org.users[persona].pk)


def refusal(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


@pytest.fixture
def pool(org: Org) -> Pool:
    return make_pool(org)


def test_return_to_pool_clears_owner_and_keeps_history(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    assert (customer.owner_id, customer.department_id, customer.pool_id) == (None, None, pool.pk)
    assert customer.pooled_at is not None
    event = PoolEvent.objects.get(resource="customers", object_id=customer.pk)
    assert (event.action, event.user_id, event.reason) == (PoolAction.RETURNED, org.users["same_team"].pk, "测试收回")
    assert AuditEntry.objects.filter(action="pool.returned", object_id=str(customer.pk)).count() == 1


def test_member_sees_pooled_customer_in_list_and_detail_non_member_gets_404(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    member = org.client("own")
    listed = member.get(f"{V1}/customers", {"in_pool": "true"}).json()
    assert [item["id"] for item in listed["items"]] == [customer.pk]
    assert listed["items"][0]["pool_id"] == pool.pk
    assert member.get(f"{V1}/customers", {"pool_id": pool.pk}).json()["count"] == 1
    assert member.get(f"{V1}/customers/{customer.pk}").status_code == 200
    outsider = org.client("other_team")
    assert customer.pk not in [item["id"] for item in outsider.get(f"{V1}/customers").json()["items"]]
    hidden = outsider.get(f"{V1}/customers/{customer.pk}")
    missing = outsider.get(f"{V1}/customers/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert outsider.post(f"{V1}/customers/{customer.pk}/claim").json() == missing.json()


def test_claim_sets_owner_department_clocks_and_history(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    Customer.objects.filter(pk=customer.pk).update(
        idle_since=timezone.now() - timedelta(days=90), won_idle_since=timezone.now() - timedelta(days=90)
    )
    before = timezone.now()
    response = org.client("own").post(f"{V1}/customers/{customer.pk}/claim")
    assert response.status_code == 200, response.json()
    body = response.json()
    own = org.users["own"]
    assert (body["owner_id"], body["department_id"], body["pool_id"], body["pooled_at"]) == (
        own.pk,
        org.team.pk,
        None,
        None,
    )
    customer.refresh_from_db()
    assert customer.idle_since >= before and customer.won_idle_since >= before
    history = org.client("own").get(f"{V1}/pool-history/customers/{customer.pk}").json()
    assert [(item["action"], item["user_id"]) for item in history] == [
        ("returned", org.users["same_team"].pk),
        ("claimed", own.pk),
    ]
    assert history[1]["actor_name"] == own.name
    assert AuditEntry.objects.filter(action="pool.claimed", object_id=str(customer.pk)).count() == 1


def _unchanged(customer: Customer) -> None:
    fresh = Customer.objects.get(pk=customer.pk)
    assert (fresh.owner_id, fresh.pool_id, fresh.version) == (None, customer.pool_id, customer.version)


def test_held_limit_refuses_and_changes_nothing(org: Org, pool: Pool) -> None:
    pool.max_held = 1  # the own rep already holds one customer
    pool.save()
    customer = pooled_customer(org, pool)
    events = PoolEvent.objects.count()
    response = org.client("own").post(f"{V1}/customers/{customer.pk}/claim", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["code"] == "pool.limit_held"
    assert "at most 1 records" in response.json()["message"]
    _unchanged(customer)
    assert PoolEvent.objects.count() == events
    with translation.override("zh-hans"):
        error = refusal(lambda: pool_actions.claim(fresh(org, "own"), "customers", customer.pk))
    assert error.message.startswith("已达到持有上限：每人最多持有 1 条")


def test_daily_limit_counts_todays_claims(org: Org, pool: Pool) -> None:
    pool.max_claims_per_day = 1
    pool.save()
    first, second = pooled_customer(org, pool, "甲公司"), pooled_customer(org, pool, "乙公司")
    pool_actions.claim(fresh(org, "own"), "customers", first.pk)
    error = refusal(lambda: pool_actions.claim(fresh(org, "own"), "customers", second.pk))
    assert (error.code, error.status, error.extra["limit"]) == ("pool.limit_daily", 422, 1)
    _unchanged(second)
    tomorrow = timezone.now() + timedelta(days=1)
    assert pool_actions.claim(fresh(org, "own"), "customers", second.pk, now=tomorrow).owner_id == org.users["own"].pk


def test_cooldown_refuses_a_record_released_recently(org: Org, pool: Pool) -> None:
    pool.cooldown_days = 7
    pool.save()
    customer = pooled_customer(org, pool, owner="regional_manager")
    own = fresh(org, "own")
    pool_actions.claim(own, "customers", customer.pk)
    pool_actions.release(fresh(org, "own"), "customers", customer.pk, "客户暂无需求")
    customer.refresh_from_db()
    error = refusal(lambda: pool_actions.claim(fresh(org, "own"), "customers", customer.pk))
    assert (error.code, error.extra["limit"]) == ("pool.cooldown", 7)
    _unchanged(customer)
    # Another member may take it at once; the rep who let it go waits out the cool-down.
    assert pool_actions.claim(fresh(org, "same_team"), "customers", customer.pk).owner_id == org.users["same_team"].pk
    pool_actions.release(fresh(org, "same_team"), "customers", customer.pk, "转交")
    later = timezone.now() + timedelta(days=7, minutes=1)
    assert pool_actions.claim(fresh(org, "own"), "customers", customer.pk, now=later).owner_id == own.pk


@pytest.mark.django_db(transaction=True)
def test_two_reps_claiming_at_once_one_wins() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises whole transactions)")
    from chengdan.testing.org import build_org

    org = build_org()
    pool = make_pool(org)
    customer = pooled_customer(org, pool)
    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def attempt(persona: str) -> None:
        try:
            actor = User.objects.get(pk=org.users[persona].pk)
            barrier.wait()
            outcomes[persona] = ("claimed", pool_actions.claim(actor, "customers", customer.pk).owner_id)
        except DomainError as error:
            outcomes[persona] = ("refused", error.status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(persona,)) for persona in ("own", "same_team")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [persona for persona, (outcome, _) in outcomes.items() if outcome == "claimed"]
    assert len(winners) == 1, outcomes
    loser = "same_team" if winners == ["own"] else "own"
    assert outcomes[loser][0] == "refused" and outcomes[loser][1] in (404, 409)
    customer.refresh_from_db()
    assert customer.owner_id == org.users[winners[0]].pk
    assert PoolEvent.objects.filter(object_id=customer.pk, action=PoolAction.CLAIMED).count() == 1


def test_second_claim_after_the_first_is_404(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    assert org.client("own").post(f"{V1}/customers/{customer.pk}/claim").status_code == 200
    assert org.client("same_team").post(f"{V1}/customers/{customer.pk}/claim").status_code == 404


def test_release_needs_a_reason_and_goes_to_the_pool_it_came_from(org: Org, pool: Pool) -> None:
    default = Pool.objects.create(resource="customers", name="总公海", is_default=True)
    customer = pooled_customer(org, pool)
    client = org.client("own")
    client.post(f"{V1}/customers/{customer.pk}/claim")
    for reason in ("", "   "):
        response = client.post(
            f"{V1}/customers/{customer.pk}/release", {"reason": reason}, content_type="application/json"
        )
        assert response.status_code == 422
        assert set(response.json()["fields"]) == {"reason"}
    assert Customer.objects.get(pk=customer.pk).owner_id == org.users["own"].pk
    assert (
        org.client("same_team")
        .post(f"{V1}/customers/{customer.pk}/release", {"reason": "x"}, content_type="application/json")
        .status_code
        == 404
    )
    response = client.post(
        f"{V1}/customers/{customer.pk}/release", {"reason": "无预算"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["pool_id"], response.json()["owner_id"]) == (pool.pk, None)
    event = PoolEvent.objects.filter(object_id=customer.pk).latest("pk")
    assert (event.action, event.user_id, event.reason) == ("released", org.users["own"].pk, "无预算")
    # The own rep's original customer never came from a pool: it goes to the default pool.
    original = org.customers["own"]
    pool_actions.release(fresh(org, "own"), "customers", original.pk, "不再跟进")
    assert Customer.objects.get(pk=original.pk).pool_id == default.pk


def test_release_without_any_pool_is_refused(org: Org) -> None:
    error = refusal(lambda: pool_actions.release(fresh(org, "own"), "customers", org.customers["own"].pk, "原因"))
    assert (error.code, error.status) == ("pool.none", 422)
    assert Customer.objects.get(pk=org.customers["own"].pk).owner_id == org.users["own"].pk


def test_manager_assigns_without_the_reps_limits(org: Org, pool: Pool) -> None:
    pool.max_held = 0
    pool.save()
    first, second = pooled_customer(org, pool, "甲公司"), pooled_customer(org, pool, "乙公司")
    rep = org.users["same_team"]
    response = org.client("supervisor").post(
        f"{V1}/pools/{pool.pk}/assign",
        {"ids": [first.pk, second.pk, org.customers["own"].pk], "user_id": rep.pk},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {"done": 2, "refused_ids": [org.customers["own"].pk]}
    assert set(Customer.objects.filter(pk__in=[first.pk, second.pk]).values_list("owner_id", "pool_id")) == {
        (rep.pk, None)
    }
    event = PoolEvent.objects.filter(object_id=first.pk).latest("pk")
    assert (event.action, event.user_id, event.actor_id) == ("assigned", rep.pk, org.users["supervisor"].pk)


def test_non_manager_cannot_assign(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    response = org.client("own").post(
        f"{V1}/pools/{pool.pk}/assign",
        {"ids": [customer.pk], "user_id": org.users["own"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    _unchanged(customer)


def test_history_is_visible_only_with_the_record(org: Org, pool: Pool) -> None:
    customer = pooled_customer(org, pool)
    url = f"{V1}/pool-history/customers/{customer.pk}"
    assert org.client("own").get(url).status_code == 200
    assert org.client("other_team").get(url).status_code == 404
    pool_actions.claim(fresh(org, "own"), "customers", customer.pk)
    assert org.client("same_team").get(url).status_code == 404
    assert len(org.client("own").get(url).json()) == 2
    assert org.client("own").get(f"{V1}/pool-history/nothing/{customer.pk}").status_code == 404


def test_pool_records_page_and_my_pools(org: Org, pool: Pool) -> None:
    first, second = pooled_customer(org, pool, "甲公司"), pooled_customer(org, pool, "乙公司")
    page = org.client("own").get(f"{V1}/pools/{pool.pk}/records").json()
    assert [item["id"] for item in page["items"]] == [second.pk, first.pk]
    assert page["items"][0]["last_owner_id"] == org.users["same_team"].pk
    assert org.client("other_team").get(f"{V1}/pools/{pool.pk}/records").json()["items"] == []
    mine = org.client("own").get(f"{V1}/pools/mine", {"resource": "customers"}).json()
    assert [(item["id"], item["held"], item["claimed_today"]) for item in mine] == [(pool.pk, 1, 0)]
    assert org.client("other_team").get(f"{V1}/pools/mine", {"resource": "customers"}).json() == []
    assert [item.pk for item in pools.member_pools(fresh(org, "supervisor"), "customers")] == [pool.pk]


def test_lead_pool_claim_and_release(org: Org) -> None:
    pool = make_pool(org, resource="leads", name="线索公海")
    lead = pooled_lead(org, pool)
    client = org.client("own")
    response = client.post(f"{V1}/leads/{lead.pk}/claim")
    assert response.status_code == 200, response.json()
    lead.refresh_from_db()
    assert (lead.owner_id, lead.department_id, lead.pool_id) == (org.users["own"].pk, org.team.pk, None)
    assert lead.assignments.get().reason == "claim"
    response = client.post(f"{V1}/leads/{lead.pk}/release", {"reason": "联系不上"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["pool_id"] == pool.pk


def test_pool_settings_crud(org: Org) -> None:
    admin = org.client("admin")
    body = {
        "resource": "customers",
        "name": "华东公海",
        "member_department_ids": [org.region.pk],
        "manager_ids": [org.users["regional_manager"].pk],
        "max_held": 50,
        "max_claims_per_day": 5,
        "cooldown_days": 3,
        "is_default": True,
        "take_back_rules": [{"no_follow_up_days": 30, "warn_days": 3}, {"customer_level": "vip", "no_won_days": 90}],
    }
    assert org.client("own").post(f"{V1}/pools", body, content_type="application/json").status_code == 403
    created = admin.post(f"{V1}/pools", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    pool = created.json()
    assert [rule["customer_level"] for rule in pool["take_back_rules"]] == ["", "vip"]
    assert pool["member_departments"] == [{"id": org.region.pk, "name": org.region.name}]
    patch = {"version": pool["version"], "max_held": 10, "take_back_rules": [{"no_follow_up_days": 15}]}
    updated = admin.patch(f"{V1}/pools/{pool['id']}", patch, content_type="application/json").json()
    assert (updated["max_held"], len(updated["take_back_rules"]), updated["version"]) == (10, 1, 2)
    stale = admin.patch(f"{V1}/pools/{pool['id']}", patch, content_type="application/json")
    assert stale.status_code == 409
    bad = admin.post(f"{V1}/pools", {**body, "take_back_rules": [{"warn_days": 3}]}, content_type="application/json")
    assert bad.status_code == 422
    assert org.client("own").get(f"{V1}/pools/{pool['id']}").json()["is_member"] is True
    assert admin.delete(f"{V1}/pools/{pool['id']}").status_code == 204
