"""Issue 5 in a browser: an idle customer returns to the pool and is claimed within the limits; a lead converts."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from chengdan.access.models import Pool
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Contact, Customer
from chengdan.leads.choices import LeadStatus, PoolAction
from chengdan.leads.models import Lead, PoolEvent
from chengdan.leads.pool_settings import create_pool
from chengdan.leads.take_back import run_take_back
from chengdan.leads.tests.factories import make_lead
from chengdan.opportunities.models import Opportunity
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _idle_customer(org: Org, name: str, days: int) -> Customer:
    """A customer of rep_own nobody has followed up for `days` days."""
    customer = customer_actions.create_customer(actor=org.users["own"], values={"name": name}, allow_duplicate=True)
    since = timezone.now() - timedelta(days=days)
    Customer.objects.filter(pk=customer.pk).update(idle_since=since, won_idle_since=since)
    return customer


def _customers_pool(org: Org) -> Pool:
    return create_pool(
        actor=org.users["admin"],
        values={
            "resource": "customers",
            "name": "上海客户公海",
            "member_department_ids": [org.team.pk],
            "max_claims_per_day": 1,
            "is_default": True,
            "take_back_rules": [{"no_follow_up_days": 30, "warn_days": 3}],
        },
    )


def test_idle_customer_returns_and_is_claimed_within_the_daily_limit(live_server: Any, page: Any, org: Org) -> None:
    pool = _customers_pool(org)
    first = _idle_customer(org, "宁波远航贸易有限公司", days=31)
    second = _idle_customer(org, "温州东海机电有限公司", days=40)
    assert run_take_back(timezone.now()).returned == 2
    assert set(Customer.objects.filter(pool=pool).values_list("pk", flat=True)) == {first.pk, second.pk}

    base = live_server.url
    sign_in(page, base, org.users["same_team"].username, PASSWORD)
    # The customers list says "公海" where a pooled customer has no owner.
    page.goto(f"{base}/customers")
    page.get_by_test_id(f"customer-link-{first.pk}").wait_for()
    assert page.get_by_test_id("customer-pooled").first.inner_text() == "公海"

    page.goto(f"{base}/customers/pools")
    limits = page.get_by_test_id("pool-limits")
    limits.wait_for()
    assert "每天最多领取 1 条" in limits.inner_text()
    page.get_by_test_id(f"pool-record-{first.pk}").wait_for()
    page.get_by_test_id(f"pool-claim-{first.pk}").click()
    page.locator(".el-message--success").filter(has_text="宁波远航贸易有限公司").wait_for()
    page.get_by_test_id(f"pool-record-{first.pk}").wait_for(state="detached")
    first.refresh_from_db()
    assert (first.owner_id, first.pool_id, first.department_id) == (org.users["same_team"].pk, None, org.team.pk)

    page.get_by_test_id(f"pool-claim-{second.pk}").click()
    refusal = page.locator(".el-message--error")
    refusal.wait_for()
    assert "每天最多领取 1 条" in refusal.inner_text()
    second.refresh_from_db()
    assert (second.owner_id, second.pool_id) == (None, pool.pk)

    page.goto(f"{base}/customers/{first.pk}")
    assert page.get_by_test_id("customer-owner").inner_text().endswith(org.users["same_team"].display_name)
    page.get_by_test_id("customer-tabs").get_by_text("公海记录").click()
    page.get_by_test_id("pool-event-claimed").wait_for()
    history = page.get_by_test_id("pool-history").inner_text()
    assert "规则收回" in history and "领取" in history and "30 天未跟进" in history
    events = PoolEvent.objects.filter(resource="customers", object_id=first.pk).order_by("at")
    assert list(events.values_list("action", flat=True)) == [PoolAction.RETURNED, PoolAction.CLAIMED]


def test_rep_converts_a_lead_into_customer_contact_and_deal(live_server: Any, page: Any, org: Org) -> None:
    rep = org.users["own"]
    lead = make_lead(
        rep,
        name="周婷",
        mobile="13655556666",
        company_name="苏州智造精密机械有限公司",
        product_interest="MES 系统",
        owner_id=rep.pk,
    )
    base = live_server.url
    sign_in(page, base, rep.username, PASSWORD)
    page.goto(f"{base}/leads/{lead.pk}")
    page.get_by_test_id("lead-convert").click()
    dialog = page.get_by_test_id("conversion-dialog")
    dialog.locator("input[data-testid=conversion-customer-name]").wait_for()
    assert dialog.locator("input[data-testid=conversion-customer-name]").input_value() == "苏州智造精密机械有限公司"
    assert dialog.locator("input[data-testid=conversion-contact-name]").input_value() == "周婷"
    dialog.get_by_test_id("conversion-with-opportunity").click()
    dialog.locator("input[data-testid=conversion-opportunity-name]").fill("智造 MES 一期")
    dialog.locator("input[data-testid=conversion-opportunity-amount]").fill("280000")
    dialog.get_by_test_id("conversion-confirm").click()

    page.wait_for_url(re.compile(r".*/customers/\d+$"))
    customer = Customer.objects.get(name="苏州智造精密机械有限公司")
    assert page.url.endswith(f"/customers/{customer.pk}")
    contact = Contact.objects.get(customer=customer)
    assert (contact.name, contact.mobile, contact.is_primary) == ("周婷", "13655556666", True)
    page.get_by_test_id(f"contact-row-{contact.pk}").wait_for()
    deal = Opportunity.objects.get(customer=customer)
    assert (deal.name, str(deal.amount), deal.owner_id) == ("智造 MES 一期", "280000.00", rep.pk)
    page.get_by_test_id("customer-tabs").get_by_text("商机").first.click()
    page.get_by_test_id("customer-opportunities").get_by_text("智造 MES 一期").wait_for()

    lead.refresh_from_db()
    assert (lead.status, lead.converted_customer_id, lead.converted_contact_id, lead.converted_opportunity_id) == (
        LeadStatus.CONVERTED,
        customer.pk,
        contact.pk,
        deal.pk,
    )
    page.goto(f"{base}/leads/{lead.pk}")
    assert page.get_by_test_id("lead-status").inner_text() == "已转化"
    assert Lead.objects.filter(status=LeadStatus.CONVERTED).count() == 1
