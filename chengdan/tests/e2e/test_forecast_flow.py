"""Issue 6 in a browser: a supervisor sets a team's targets, reads the forecast, drills into it, sees the risks."""

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from chengdan.notifications.actions import notify
from chengdan.notifications.models import Notification
from chengdan.opportunities import actions
from chengdan.opportunities.models import Opportunity, Target
from chengdan.opportunities.tests.forecast_helpers import current_quarter
from chengdan.testing.org import PASSWORD, Org
from chengdan.tests.e2e.test_org_scopes import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _deals(org: Org) -> tuple[Opportunity, Opportunity]:
    """A rep's deal won today for 100,000 and an open deal whose close date passed three days ago."""
    rep, customer = org.users["own"], org.customers["own"]
    today = timezone.localdate()
    won = actions.create_opportunity(
        actor=rep,
        name="华东电网年度框架",
        customer_id=customer.pk,
        values={"amount": Decimal("100000.00"), "expected_close_date": today},
    )
    won = actions.mark_opportunity_won(actor=rep, opportunity_id=won.pk, version=won.version)
    late = actions.create_opportunity(
        actor=rep,
        name="逾期未签合同",
        customer_id=customer.pk,
        values={"amount": Decimal("50000.00"), "expected_close_date": today - timedelta(days=3)},
    )
    return won, late


def test_supervisor_sets_targets_reads_forecast_and_risks(live_server: Any, page: Any, org: Org) -> None:
    won, late = _deals(org)
    rep, team = org.users["own"], org.team
    quarter = current_quarter()
    notice = notify(
        recipient=org.users["supervisor"],
        kind="risk_digest",
        title="团队有 1 个风险商机",
        link="/opportunities/forecast",
    )
    base = live_server.url
    sign_in(page, base, org.users["supervisor"].username, PASSWORD)

    # Targets: this quarter, the supervisor's own team by default; one save for the rep and the team.
    page.goto(f"{base}/opportunities/targets")
    rep_input = page.locator(f"input[data-testid=target-input-user-{rep.pk}]")
    rep_input.fill("200000")
    page.locator(f"input[data-testid=target-input-department-{team.pk}]").fill("400000")
    page.get_by_test_id("targets-save").click()
    attainment = page.get_by_test_id(f"target-attainment-user-{rep.pk}")
    page.wait_for_function(
        "id => document.querySelector(`[data-testid=target-attainment-user-${id}]`)?.textContent.includes('50%')",
        arg=rep.pk,
    )
    assert "50%" in attainment.inner_text()
    saved = Target.objects.get(user=rep, period_type="quarter", period_start=quarter.start)
    assert saved.amount == Decimal("200000.00")
    team_target = Target.objects.get(department=team, is_department_target=True, period_start=quarter.start)
    assert team_target.amount == Decimal("400000.00")

    # Forecast: current quarter by owner; the rep has won half the target.
    page.goto(f"{base}/opportunities/forecast")
    page.wait_for_function(
        "id => document.querySelector(`[data-testid=forecast-attainment-${id}]`)?.textContent.includes('50%')",
        arg=rep.pk,
    )
    closed = page.get_by_test_id(f"forecast-closed-{rep.pk}")
    assert closed.inner_text().strip() == "100,000"
    assert page.get_by_test_id(f"forecast-target-{rep.pk}").inner_text().strip() == "200,000"

    # Drill into the closed figure: exactly the won deal.
    closed.click()
    drill = page.locator("[data-testid=forecast-drill-table]:visible")
    drill.get_by_test_id(f"deal-link-{won.pk}").wait_for()
    assert drill.locator("[data-testid^=deal-link-]").count() == 1
    assert "华东电网年度框架" in drill.inner_text()
    page.keyboard.press("Escape")

    # At risk: the deal whose close date passed, with the reason.
    page.goto(f"{base}/opportunities/at-risk")
    badge = page.get_by_test_id(f"risk-close_date_passed-{late.pk}")
    badge.wait_for()
    assert late.expected_close_date is not None
    assert re.search(rf"预计成交日期 {late.expected_close_date.isoformat()} 已过", badge.inner_text())
    assert page.get_by_test_id(f"deal-link-{late.pk}").inner_text().strip() == "逾期未签合同"
    assert page.get_by_test_id(f"deal-link-{won.pk}").count() == 0

    # The bell: one unread notice; opening it marks it read and follows its link.
    assert page.get_by_test_id("notification-badge").inner_text().strip() == "1"
    page.locator("[data-testid=notification-bell] button").click()
    page.get_by_test_id(f"notification-{notice.pk}").click()
    page.wait_for_url(re.compile(r".*/opportunities/forecast$"))
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.filter(recipient=org.users["supervisor"], read_at__isnull=True).count() == 0
