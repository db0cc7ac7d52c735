"""Figures: period boundaries in local time, what each figure counts, and constant query counts."""

import time as clock
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chengdan.accounts.models import User
from chengdan.activities.choices import FollowUpKind, TaskStatus
from chengdan.activities.models import FollowUp, Task, Visit
from chengdan.reports import figures
from chengdan.reports.drafting import draft_for
from chengdan.reports.periods import period_for
from chengdan.reports.tests.factories import (
    MONDAY,
    SUNDAY,
    WEDNESDAY,
    at,
    customer,
    deal,
    follow_up,
    lead,
    move,
    task,
    visit,
    win,
)
from chengdan.testing.org import Org

pytestmark = pytest.mark.django_db
NEXT_MONDAY = SUNDAY + timedelta(days=1)
LAST_SUNDAY = MONDAY - timedelta(days=1)


def test_week_is_monday_to_sunday_and_a_day_is_a_local_date() -> None:
    week = period_for("weekly", WEDNESDAY)
    assert (week.start, week.end, week.next_start) == (MONDAY, SUNDAY, NEXT_MONDAY)
    assert period_for("weekly", SUNDAY).start == MONDAY
    assert period_for("weekly", NEXT_MONDAY).start == NEXT_MONDAY
    day = period_for("daily", WEDNESDAY)
    assert day.start_moment.isoformat() == "2026-03-04T00:00:00+08:00"
    assert day.next_moment.isoformat() == "2026-03-05T00:00:00+08:00"


def test_weekly_figures_count_only_the_authors_work_inside_the_week(org: Org) -> None:
    own, same = org.users["own"], org.users["same_team"]
    follow_up(own, at(MONDAY, 0, 0))
    follow_up(own, at(SUNDAY, 23, 59), kind=FollowUpKind.WECHAT)
    follow_up(own, at(LAST_SUNDAY, 23, 59))
    follow_up(own, at(NEXT_MONDAY, 0, 0))
    follow_up(same, at(WEDNESDAY))
    visit(own, at(WEDNESDAY), is_far=True)
    visit(own, at(SUNDAY, 18))
    visit(own, None)
    lead(own, at(WEDNESDAY))
    lead(same, at(WEDNESDAY), name="别人的线索")
    lead(own, at(NEXT_MONDAY), name="下周的线索")
    new_customer = customer(own, at(WEDNESDAY), "本周新客户有限公司")
    new_deal = deal(own, new_customer, at(WEDNESDAY))
    move(new_deal, own, at(WEDNESDAY, 11))
    move(new_deal, org.users["supervisor"], at(WEDNESDAY, 12), to="proposal")
    win(new_deal, at(SUNDAY, 20), "500000")
    task(own, at(WEDNESDAY), done_at=at(tuesday := MONDAY + timedelta(days=1)))
    task(own, at(LAST_SUNDAY), done_at=at(LAST_SUNDAY))
    task(own, at(SUNDAY - timedelta(days=2)))
    task(own, at(NEXT_MONDAY + timedelta(days=1)))
    task(own, at(tuesday), status=TaskStatus.CANCELLED)

    result = figures.compute([own.pk, same.pk], period_for("weekly", WEDNESDAY))

    mine = result[own.pk].as_json()
    assert mine == {
        "follow_ups": 2,
        "follow_ups_by_kind": {"phone": 1, "visit": 0, "wechat": 1, "email": 0, "meeting": 0, "other": 0},
        "visits": 2,
        "far_visits": 1,
        "new_leads": 1,
        "new_customers": 1,
        "new_opportunities": 1,
        "stage_moves": 1,
        "won_deals": 1,
        "won_amount": "500000.00",
        "tasks_done": 1,
        "tasks_overdue": 1,
    }
    theirs = result[same.pk].as_json()
    assert (theirs["follow_ups"], theirs["new_leads"], theirs["won_amount"]) == (1, 1, "0.00")


def test_daily_figures_use_local_midnight_not_utc(org: Org) -> None:
    own = org.users["own"]
    follow_up(own, at(WEDNESDAY, 0, 30))  # Tuesday 16:30 UTC, but Wednesday in Shanghai
    follow_up(own, at(WEDNESDAY, 23, 30))
    follow_up(own, at(WEDNESDAY + timedelta(days=1), 7, 0))  # still Wednesday in UTC
    result = figures.compute([own.pk], period_for("daily", WEDNESDAY))
    assert result[own.pk].follow_ups == 2


def test_tasks_overdue_while_the_period_runs_are_those_already_past_due(org: Org) -> None:
    own = org.users["own"]
    task(own, at(MONDAY, 9))
    task(own, at(WEDNESDAY, 18))
    period = period_for("weekly", MONDAY)
    assert figures.compute([own.pk], period, now=at(WEDNESDAY, 12))[own.pk].tasks_overdue == 1
    assert figures.compute([own.pk], period, now=at(NEXT_MONDAY, 12))[own.pk].tasks_overdue == 2


def _bulk_week(user: User, count: int) -> None:
    start = at(MONDAY, 8)
    step = timedelta(minutes=17)
    FollowUp.objects.bulk_create(
        FollowUp(author=user, occurred_at=start + step * i, content="跟进", kind=FollowUpKind.PHONE)
        for i in range(count)
    )
    Visit.objects.bulk_create(
        Visit(owner=user, check_in_at=start + step * i, status="checked_in", is_far=i % 5 == 0)
        for i in range(count // 5)
    )
    Task.objects.bulk_create(
        Task(title="t", due_at=start + step * i, assignee=user, created_by=user, status="open")
        for i in range(count // 5)
    )


def test_draft_costs_the_same_number_of_queries_however_much_was_done(org: Org) -> None:
    own, same = org.users["own"], org.users["same_team"]
    _bulk_week(own, 2)
    _bulk_week(same, 500)
    with CaptureQueriesContext(connection) as few:
        draft_for(own, "weekly", WEDNESDAY)
    began = clock.perf_counter()
    with CaptureQueriesContext(connection) as many:
        view = draft_for(same, "weekly", WEDNESDAY)
    elapsed = clock.perf_counter() - began
    assert view.figures.follow_ups == 500
    assert view.figures.visits == 100
    assert len(many) == len(few)
    # The target is 200 ms on a quiet machine (bench/); the bound here only catches an order-of-magnitude slip.
    assert elapsed < 2.0


def test_rollup_queries_do_not_grow_with_the_number_of_reps(org: Org) -> None:
    reps = [org.users["own"], org.users["same_team"]]
    period = period_for("weekly", WEDNESDAY)
    _bulk_week(reps[0], 20)
    with CaptureQueriesContext(connection) as two:
        figures.compute([rep.pk for rep in reps], period)
    team = org.team
    more = [User.objects.create_user(f"rep{i}", password="x" * 12, department=team) for i in range(48)]
    for rep in more[:10]:
        _bulk_week(rep, 25)
    began = clock.perf_counter()
    with CaptureQueriesContext(connection) as fifty:
        result = figures.compute([rep.pk for rep in reps + more], period)
    assert clock.perf_counter() - began < 4.0
    assert len(fifty) == len(two) == 8
    assert result[more[0].pk].follow_ups == 25
    assert result[more[20].pk].follow_ups == 0
