"""Test helpers for forecasts: deals written straight to the table with exact forecast values."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.customers.models import Customer
from chengdan.opportunities.models import Opportunity, Pipeline, Stage
from chengdan.opportunities.periods import Period, period_of


def current_quarter(today: date | None = None) -> Period:
    """The quarter containing today."""
    day = today or timezone.localdate()
    return period_of("quarter", date(day.year, (day.month - 1) // 3 * 3 + 1, 1))


def stage(code: str) -> Stage:
    """A stage of the default pipeline by code."""
    return Stage.objects.get(pipeline__is_default=True, code=code)


def deal(
    owner: User,
    customer: Customer,
    *,
    amount: str | None,
    category: str = "pipeline",
    probability: int = 10,
    close: date | None = None,
    status: str = "open",
    won_at: datetime | None = None,
    name: str = "",
    **fields: Any,
) -> Opportunity:
    """One deal with exactly these values (CNY, so amount_cny = amount)."""
    now = timezone.now()
    value = None if amount is None else Decimal(amount)
    stage_code = {"open": "initial_contact", "won": "won", "lost": "lost"}[status]
    return Opportunity.objects.create(
        name=name or f"deal {Opportunity.objects.count() + 1}",
        customer=customer,
        pipeline=Pipeline.objects.get(is_default=True),
        stage=stage(fields.pop("stage_code", stage_code)),
        status=status,
        owner=owner,
        department_id=owner.department_id,
        amount=value,
        amount_cny=value,
        amount_peak_cny=fields.pop("amount_peak_cny", value),
        probability=probability,
        expected_close_date=close,
        forecast_category="closed" if status == "won" else category,
        won_at=won_at,
        won_amount=value if status == "won" else None,
        won_amount_cny=value if status == "won" else None,
        stage_entered_at=fields.pop("stage_entered_at", now),
        last_activity_at=fields.pop("last_activity_at", now),
        **fields,
    )


def days_ago(days: int) -> datetime:
    """An instant `days` days before now."""
    return timezone.now() - timedelta(days=days)
