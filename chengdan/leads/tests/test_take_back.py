"""The nightly take-back: exact due day, warnings once, exemptions, level rules, reruns and its cost."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.access.models import Pool
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Customer
from chengdan.leads.choices import LeadSource, PoolAction
from chengdan.leads.models import Lead, PoolEvent, TakeBackRule
from chengdan.leads.take_back import WARNING_KIND, run_take_back
from chengdan.notifications.models import Notification
from chengdan.opportunities.tests.factories import make_opportunity
from chengdan.testing.org import Org

START = datetime(2025, 3, 1, 10, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def pool(org: Org) -> Pool:
    pool = Pool.objects.create(resource="customers", name="上海公海")
    TakeBackRule.objects.create(pool=pool, no_follow_up_days=30, warn_days=3)
    return pool


def idle_customer(org: Org, name: str, since: datetime = START, level: str = "", persona: str = "own") -> Customer:
    customer = customer_actions.create_customer(actor=org.users[persona], values={"name": name}, allow_duplicate=True)
    Customer.objects.filter(pk=customer.pk).update(idle_since=since, won_idle_since=since, level=level)
    return Customer.objects.get(pk=customer.pk)


def pool_of(customer: Customer) -> int | None:
    return Customer.objects.get(pk=customer.pk).pool_id


def test_idle_customer_returns_on_day_n_not_before(org: Org, pool: Pool) -> None:
    customer = idle_customer(org, "甲公司")
    assert run_take_back(START + timedelta(days=29, hours=23)).returned == 0
    assert pool_of(customer) is None
    assert run_take_back(START + timedelta(days=30, seconds=1)).returned == 1
    customer.refresh_from_db()
    assert (customer.owner_id, customer.department_id, customer.pool_id) == (None, None, pool.pk)
    event = PoolEvent.objects.get(object_id=customer.pk, action=PoolAction.RETURNED)
    assert (event.user_id, event.actor_id, event.reason) == (
        org.users["own"].pk,
        None,
        "30 天未跟进 / no follow-up for 30 days",
    )


def test_a_follow_up_moves_the_clock(org: Org, pool: Pool) -> None:
    customer = idle_customer(org, "甲公司")
    customer_actions.touch_follow_up([customer.pk], START + timedelta(days=20))
    assert run_take_back(START + timedelta(days=31)).returned == 0
    assert run_take_back(START + timedelta(days=50, seconds=1)).returned == 1


def test_owner_is_warned_k_days_before_once(org: Org, pool: Pool) -> None:
    customer = idle_customer(org, "甲公司")
    assert run_take_back(START + timedelta(days=26, hours=23)).warned == 0
    result = run_take_back(START + timedelta(days=27, seconds=1))
    assert (result.warned, result.returned) == (1, 0)
    assert run_take_back(START + timedelta(days=28)).warned == 0
    notices = Notification.objects.filter(kind=WARNING_KIND)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.recipient_id == org.users["own"].pk
    assert notice.title == "客户「甲公司」将于 2025-03-31 收回公海「上海公海」"
    warned = PoolEvent.objects.filter(object_id=customer.pk, action=PoolAction.WARNED)
    assert list(warned.values_list("reason", flat=True)) == ["将于 2025-03-31 收回 / due back on 2025-03-31"]
    assert pool_of(customer) is None


def test_open_deal_exempts_until_it_closes(org: Org, pool: Pool) -> None:
    customer = idle_customer(org, "甲公司")
    deal = make_opportunity(org.users["own"], customer, amount="1000")
    Customer.objects.filter(pk=customer.pk).update(idle_since=START, won_idle_since=START)
    later = START + timedelta(days=40)
    assert run_take_back(later).returned == 0
    assert not PoolEvent.objects.filter(object_id=customer.pk).exists()
    deal.status = "lost"
    deal.save(update_fields=["status"])
    assert run_take_back(later).returned == 1


def test_rule_without_exemption_takes_customers_with_open_deals(org: Org, pool: Pool) -> None:
    TakeBackRule.objects.filter(pool=pool).update(exempts_open_deals=False)
    customer = idle_customer(org, "甲公司")
    make_opportunity(org.users["own"], customer, amount="1000")
    Customer.objects.filter(pk=customer.pk).update(idle_since=START)
    assert run_take_back(START + timedelta(days=31)).returned == 1


def test_level_specific_rule_overrides_the_generic_one(org: Org, pool: Pool) -> None:
    vip_pool = Pool.objects.create(resource="customers", name="重点客户公海")
    TakeBackRule.objects.create(pool=vip_pool, customer_level="vip", no_follow_up_days=60, warn_days=0)
    plain, vip = idle_customer(org, "普通公司"), idle_customer(org, "重点公司", level="vip")
    assert run_take_back(START + timedelta(days=45)).returned == 1
    assert (pool_of(plain), pool_of(vip)) == (pool.pk, None)
    assert run_take_back(START + timedelta(days=61)).returned == 1
    assert pool_of(vip) == vip_pool.pk


def test_no_won_deal_rule(org: Org, pool: Pool) -> None:
    TakeBackRule.objects.filter(pool=pool).update(no_follow_up_days=None, no_won_days=90)
    customer = idle_customer(org, "甲公司")
    Customer.objects.filter(pk=customer.pk).update(idle_since=START + timedelta(days=80))
    assert run_take_back(START + timedelta(days=89)).returned == 0
    customer_actions.touch_won(customer.pk, START + timedelta(days=10))
    assert run_take_back(START + timedelta(days=99)).returned == 0
    assert run_take_back(START + timedelta(days=100, seconds=1)).returned == 1
    event = PoolEvent.objects.get(object_id=customer.pk, action=PoolAction.RETURNED)
    assert event.reason == "90 天未赢单 / no won deal in 90 days"


def test_second_run_changes_nothing(org: Org, pool: Pool) -> None:
    for index in range(3):
        idle_customer(org, f"公司{index}")
    idle_customer(org, "快到期公司", since=START + timedelta(days=4))
    now = START + timedelta(days=32)
    first = run_take_back(now)
    assert (first.returned, first.warned) == (3, 1)
    state = (
        list(Customer.objects.order_by("pk").values_list("pk", "owner_id", "pool_id", "version")),
        PoolEvent.objects.count(),
        Notification.objects.count(),
    )
    second = run_take_back(now)
    assert (second.returned, second.warned) == (0, 0)
    assert state == (
        list(Customer.objects.order_by("pk").values_list("pk", "owner_id", "pool_id", "version")),
        PoolEvent.objects.count(),
        Notification.objects.count(),
    )


def _fresh_customers(org: Org, count: int) -> None:
    owner = org.users["same_team"]
    Customer.objects.bulk_create(
        [
            Customer(name=f"活跃客户{index}", owner=owner, department=owner.department, idle_since=START)
            for index in range(count)
        ]
    )


def test_cost_does_not_grow_with_customers_that_are_not_due(org: Org, pool: Pool) -> None:
    for index in range(2):
        idle_customer(org, f"到期公司{index}", since=START - timedelta(days=40))
        idle_customer(org, f"预警公司{index}", since=START - timedelta(days=28))
    _fresh_customers(org, 10)

    def queries_of_a_run() -> int:
        # The same due set each time: put the returned rows back in their owner's hands.
        Customer.objects.filter(name__startswith="到期公司").update(
            owner=org.users["own"], department=org.team, pool=None
        )
        PoolEvent.objects.all().delete()
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            result = run_take_back(START)
        assert (result.returned, result.warned) == (2, 2)
        return len(captured)

    small = queries_of_a_run()
    _fresh_customers(org, 290)
    assert queries_of_a_run() == small


def test_idle_lead_returns_to_its_pool(org: Org) -> None:
    pool = Pool.objects.create(resource="leads", name="线索公海")
    TakeBackRule.objects.create(pool=pool, no_follow_up_days=7, warn_days=1)
    owner = org.users["own"]
    lead = Lead.objects.create(
        name="张三", mobile="13600001111", source=LeadSource.PHONE, owner=owner, department=owner.department
    )
    done = Lead.objects.create(
        name="李四", mobile="13600002222", source=LeadSource.PHONE, owner=owner, status="converted"
    )
    Lead.objects.filter(pk__in=[lead.pk, done.pk]).update(idle_since=START)
    assert run_take_back(START + timedelta(days=6, hours=1)).warned == 1
    assert run_take_back(START + timedelta(days=7, seconds=1)).returned == 1
    lead.refresh_from_db()
    done.refresh_from_db()
    assert (lead.owner_id, lead.pool_id) == (None, pool.pk)
    assert (done.owner_id, done.pool_id) == (owner.pk, None)


def test_nightly_task_runs_the_take_back(org: Org, pool: Pool) -> None:
    from chengdan.leads import tasks

    idle_customer(org, "甲公司", since=timezone.now() - timedelta(days=31))
    assert tasks.run_take_back() == {"returned": 1, "warned": 0}
    assert tasks.run_take_back() == {"returned": 0, "warned": 0}


def test_a_pools_rules_take_back_only_its_own_teams_customers(org: Org) -> None:
    shanghai = Pool.objects.create(resource="customers", name="上海公海")
    shanghai.member_departments.add(org.team)
    hangzhou = Pool.objects.create(resource="customers", name="杭州公海")
    hangzhou.member_departments.add(org.other_team)
    TakeBackRule.objects.create(pool=shanghai, no_follow_up_days=30)
    TakeBackRule.objects.create(pool=hangzhou, no_follow_up_days=60)
    ours = idle_customer(org, "上海客户", persona="own")
    theirs = idle_customer(org, "杭州客户", persona="other_team")

    assert run_take_back(START + timedelta(days=31)).returned == 1
    assert (pool_of(ours), pool_of(theirs)) == (shanghai.pk, None)
    assert run_take_back(START + timedelta(days=61)).returned == 1
    assert pool_of(theirs) == hangzhou.pk
