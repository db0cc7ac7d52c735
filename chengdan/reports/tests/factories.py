"""Test helpers: activity rows written straight to the tables, business records through their actions."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from chengdan.accounts.models import User
from chengdan.activities.choices import FollowUpKind, TaskStatus, VisitStatus
from chengdan.activities.models import FollowUp, Task, Visit
from chengdan.customers import actions as customer_actions
from chengdan.customers.models import Customer
from chengdan.leads.models import Lead
from chengdan.leads.tests.factories import make_lead
from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity, StageChange
from chengdan.opportunities.tests.factories import make_opportunity, stage
from chengdan.reports.periods import local_zone

# A week in the past: Monday 2 March 2026 to Sunday 8 March 2026 (Asia/Shanghai).
MONDAY = date(2026, 3, 2)
WEDNESDAY = date(2026, 3, 4)
SUNDAY = date(2026, 3, 8)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A local wall-clock moment."""
    return datetime.combine(day, time(hour, minute), tzinfo=local_zone())


def follow_up(author: User, when: datetime, customer: Customer | None = None, **values: Any) -> FollowUp:
    """A follow-up row written directly (the activities actions are not this app's)."""
    values.setdefault("kind", FollowUpKind.PHONE)
    values.setdefault("content", "电话沟通需求")
    return FollowUp.objects.create(
        author=author, department_id=author.department_id, occurred_at=when, customer=customer, **values
    )


def visit(owner: User, when: datetime | None, customer: Customer | None = None, **values: Any) -> Visit:
    """A visit checked in at `when` (None: planned, not checked in)."""
    status = VisitStatus.CHECKED_IN if when else VisitStatus.PLANNED
    return Visit.objects.create(
        owner=owner,
        department_id=owner.department_id,
        customer=customer,
        status=status,
        planned_at=when,
        check_in_at=when,
        purpose=values.pop("purpose", "拜访客户"),
        **values,
    )


def task(assignee: User, due: datetime, *, done_at: datetime | None = None, **values: Any) -> Task:
    """A task; `done_at` completes it."""
    return Task.objects.create(
        title=values.pop("title", "回访"),
        due_at=due,
        assignee=assignee,
        department_id=assignee.department_id,
        created_by=values.pop("created_by", assignee),
        status=values.pop("status", TaskStatus.DONE if done_at else TaskStatus.OPEN),
        completed_at=done_at,
        **values,
    )


def customer(owner: User, created: datetime, name: str) -> Customer:
    """A customer created by its owner, back-dated."""
    record = customer_actions.create_customer(actor=owner, values={"name": name}, allow_duplicate=True)
    Customer.objects.filter(pk=record.pk).update(created_at=created)
    record.refresh_from_db()
    return record


def lead(owner: User, created: datetime, name: str = "王五") -> Lead:
    """A lead owned by `owner`, back-dated."""
    record = make_lead(owner, name=name)
    Lead.objects.filter(pk=record.pk).update(created_at=created)
    return record


def deal(owner: User, on: Customer, created: datetime, name: str = "商机") -> Opportunity:
    """A deal owned by `owner`, back-dated."""
    record = make_opportunity(owner, on, name=name, amount="1000")
    Opportunity.objects.filter(pk=record.pk).update(created_at=created)
    record.refresh_from_db()
    return record


def win(record: Opportunity, when: datetime, amount_cny: str) -> None:
    """Mark a deal won at `when` for `amount_cny` (written directly; the deal actions are tested elsewhere)."""
    Opportunity.objects.filter(pk=record.pk).update(
        status=OpportunityStatus.WON,
        stage=stage("won"),
        won_at=when,
        won_amount=Decimal(amount_cny),
        won_amount_cny=Decimal(amount_cny),
    )


def move(record: Opportunity, by: User, when: datetime, to: str = "needs_confirmed") -> StageChange:
    """A stage move of a deal by `by`."""
    return StageChange.objects.create(
        opportunity=record, from_stage=record.stage, to_stage=stage(to), moved_by=by, moved_at=when
    )


def put_user(org: Any, username: str, department: Any) -> User:
    """A sales rep in `department`, managed by nobody (created through the real action)."""
    from chengdan.testing.org import make_user

    return make_user(org.root, username, department, "sales_rep")
