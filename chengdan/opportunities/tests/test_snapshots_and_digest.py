"""Weekly snapshots (set-based, idempotent) and the daily at-risk digest (once per user per day)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chengdan.notifications.models import Notification
from chengdan.opportunities import digest, tasks
from chengdan.opportunities.models import Opportunity, OpportunitySnapshot
from chengdan.opportunities.periods import week_start_of
from chengdan.opportunities.snapshots import take_weekly_snapshot
from chengdan.opportunities.tests.forecast_helpers import current_quarter, days_ago, deal
from chengdan.testing.org import Org

MONDAY = date(2026, 11, 23)


def test_snapshot_copies_open_deals_and_a_rerun_replaces_them(org: Org) -> None:
    own, customer = org.users["own"], org.customers["own"]
    close = current_quarter().end
    first = deal(own, customer, amount="1000.00", category="commit", probability=60, close=close)
    second = deal(own, customer, amount="2000.00", close=close)
    deal(own, customer, amount="3000.00", status="won", won_at=timezone.now())
    assert take_weekly_snapshot(MONDAY) == 2
    row = OpportunitySnapshot.objects.get(week_start=MONDAY, opportunity=first)
    assert (row.owner_id, row.department_id, row.status, row.forecast_category) == (
        own.pk,
        org.team.pk,
        "open",
        "commit",
    )
    assert (row.amount_cny, row.probability, row.expected_close_date) == (Decimal("1000.00"), 60, close)
    Opportunity.objects.filter(pk=first.pk).update(amount_cny="1500.00")
    Opportunity.objects.filter(pk=second.pk).update(status="lost")
    assert take_weekly_snapshot(MONDAY) == 1
    assert OpportunitySnapshot.objects.get(week_start=MONDAY, opportunity=first).amount_cny == Decimal("1500.00")
    assert take_weekly_snapshot(MONDAY + timedelta(days=7)) == 1
    assert OpportunitySnapshot.objects.count() == 2


def test_snapshot_week_must_start_on_monday(org: Org) -> None:
    with pytest.raises(ValueError):
        take_weekly_snapshot(MONDAY + timedelta(days=1))


def test_snapshot_is_set_based_whatever_the_number_of_deals(org: Org) -> None:
    template = deal(org.users["own"], org.customers["own"], amount="10.00", close=current_quarter().end)
    copies = []
    for index in range(3000):
        copy = Opportunity(**{f.attname: getattr(template, f.attname) for f in Opportunity._meta.concrete_fields})
        copy.pk = None
        copy.name = f"批量 {index}"
        copies.append(copy)
    Opportunity.objects.bulk_create(copies, batch_size=1000)
    with CaptureQueriesContext(connection) as queries:
        assert take_weekly_snapshot(MONDAY) == 3001
    assert len(queries) <= 5


def test_weekly_task_snapshots_this_week(org: Org) -> None:
    deal(org.users["own"], org.customers["own"], amount="10.00", close=current_quarter().end)
    assert tasks.take_weekly_snapshots() == 1
    assert list(OpportunitySnapshot.objects.values_list("week_start", flat=True)) == [
        week_start_of(timezone.localdate())
    ]


@pytest.fixture
def at_risk(org: Org) -> dict[str, Opportunity]:
    """Rep own: two flagged deals and a healthy one; rep same_team: one flagged; other team: one flagged."""
    yesterday = timezone.localdate() - timedelta(days=1)
    later = current_quarter().end + timedelta(days=400)
    users, customers = org.users, org.customers
    return {
        "own_late": deal(users["own"], customers["own"], amount="1.00", close=yesterday, name="逾期单"),
        "own_quiet": deal(
            users["own"], customers["own"], amount="1.00", close=later, last_activity_at=days_ago(40), name="沉默单"
        ),
        "own_fine": deal(users["own"], customers["own"], amount="1.00", close=later, name="正常单"),
        "same_late": deal(users["same_team"], customers["same_team"], amount="1.00", close=yesterday, name="同组单"),
        "other_late": deal(users["other_team"], customers["other_team"], amount="1.00", close=yesterday, name="他组单"),
    }


def test_digest_notifies_owners_and_their_managers_once_a_day(org: Org, at_risk: dict[str, Opportunity]) -> None:
    today = timezone.localdate()
    assert digest.send_risk_digest(today) == 5
    inbox = {(item.recipient.username, item.kind): item for item in Notification.objects.select_related("recipient")}
    assert set(inbox) == {
        ("rep_own", "opportunity.risk_digest"),
        ("rep_same", "opportunity.risk_digest"),
        ("rep_other", "opportunity.risk_digest"),
        ("supervisor", "opportunity.team_risk_digest"),
        ("supervisor2", "opportunity.team_risk_digest"),
    }
    own = inbox[("rep_own", "opportunity.risk_digest")]
    assert own.data == {"opportunity_ids": [at_risk["own_late"].pk, at_risk["own_quiet"].pk], "count": 2}
    assert "逾期单" in own.body and "沉默单" in own.body and "正常单" not in own.body
    assert "预计成交日期已过" in own.body and "长期无跟进" in own.body
    team = inbox[("supervisor", "opportunity.team_risk_digest")]
    assert team.data == {
        "reports": [{"user_id": org.users["own"].pk, "count": 2}, {"user_id": org.users["same_team"].pk, "count": 1}],
        "count": 3,
    }
    assert digest.send_risk_digest(today) == 0
    assert Notification.objects.count() == 5
    assert digest.send_risk_digest(today + timedelta(days=1)) == 5
    assert Notification.objects.count() == 10


def test_digest_skips_inactive_people_and_quiet_days(org: Org, at_risk: dict[str, Opportunity]) -> None:
    from chengdan.accounts.models import User

    User.objects.filter(pk=org.users["supervisor"].pk).update(is_active=False)
    Opportunity.objects.filter(owner=org.users["other_team"]).update(status="won")
    assert digest.send_risk_digest(timezone.localdate()) == 2
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"rep_own", "rep_same"}
    Opportunity.objects.update(status="lost")
    assert digest.send_risk_digest(timezone.localdate() + timedelta(days=1)) == 0


def test_digest_task_sends_todays_digest(org: Org, at_risk: dict[str, Opportunity]) -> None:
    assert tasks.send_risk_digest() == 5
    assert tasks.send_risk_digest() == 0
