"""Request and response shapes of forecasts, targets and the at-risk list (money as decimal strings)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

PeriodTypeIn = Literal["month", "quarter", "year"]
GroupByIn = Literal["owner", "department", "region"]
FigureIn = Literal["closed", "commit", "best_case", "pipeline", "weighted", "moved_in", "moved_out", "up", "down"]
RiskIn = Literal[
    "stage_overdue", "no_activity", "close_date_passed", "amount_lowered", "close_date_pushed", "key_contact_gone"
]


class ChangeFigureOut(Schema):
    count: int
    amount: str


class ForecastChangeOut(Schema):
    """What changed since the compared snapshot; amounts are magnitudes (`down` = how much was cut)."""

    moved_in: ChangeFigureOut
    moved_out: ChangeFigureOut
    up: ChangeFigureOut
    down: ChangeFigureOut


class ForecastRowOut(Schema):
    """One owner, team or region (or the total): the figures in CNY and the attainment of its target."""

    key_id: int | None
    key_name: str
    target: str | None
    closed: str
    commit: str
    best_case: str
    pipeline: str
    weighted: str
    attainment: float | None
    change: ForecastChangeOut


class ForecastOut(Schema):
    """A period's forecast; `compared_with` is the snapshot week the change is measured against (None: none yet)."""

    period_type: str
    period_start: date
    period_end: date
    group_by: str
    compared_with: date | None
    rows: list[ForecastRowOut]
    total: ForecastRowOut


class ForecastQuery(Schema):
    period_type: PeriodTypeIn = "quarter"
    period_start: date
    group_by: GroupByIn = "owner"
    department_id: int | None = None


class DrillQuery(Schema):
    """Which figure of which row: `group_by` + `key_id` name the row (omit both for the total)."""

    period_type: PeriodTypeIn = "quarter"
    period_start: date
    figure: FigureIn
    group_by: GroupByIn | None = None
    key_id: int | None = None
    owner_id: int | None = None
    department_id: int | None = None


class AtRiskQuery(Schema):
    risk: list[RiskIn] = Field(default_factory=list)
    owner_id: int | None = None
    department_id: int | None = None


class SalesTargetOut(Schema):
    """A quota with what is won so far in its period; attainment = won ÷ amount."""

    id: int
    user_id: int | None
    user_name: str | None
    department_id: int | None
    department_name: str | None
    is_department_target: bool
    period_type: str
    period_start: date
    amount: str
    version: int
    won_amount: str
    attainment: float | None


class SalesTargetQuery(Schema):
    period_type: PeriodTypeIn | None = None
    period_start: date | None = None
    department_id: int | None = None
    user_id: int | None = None


class SalesTargetIn(InputSchema):
    """A user's target (`user_id`) or a department's (`department_id`), exactly one of them."""

    period_type: PeriodTypeIn
    period_start: date
    user_id: int | None = None
    department_id: int | None = None
    amount: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)


class SalesTargetPatch(InputSchema):
    version: int
    amount: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)


class TargetItemIn(InputSchema):
    user_id: int | None = None
    department_id: int | None = None
    amount: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)


class SalesTargetBulkIn(InputSchema):
    """A whole team's targets of one period in one call (created or replaced)."""

    period_type: PeriodTypeIn
    period_start: date
    items: list[TargetItemIn] = Field(..., max_length=500)
