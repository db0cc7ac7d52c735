"""Request and response bodies of assignment rules, preview, availability, SLA, fairness and departures."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema
from chengdan.leads.choices import AssignmentAction, LeadSource

Weekday = Annotated[int, Field(ge=1, le=7)]
ClockTime = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
RegionCode = Annotated[str, Field(pattern=r"^\d{6}$")]
Word = Annotated[str, Field(min_length=1, max_length=60)]
Hours = Annotated[int, Field(ge=1, le=24 * 90)]


class RuleConditions(InputSchema):
    """When a rule applies; an empty list or a missing bound matches everything."""

    provinces: list[RegionCode] = Field(default_factory=list, max_length=100)
    cities: list[RegionCode] = Field(default_factory=list, max_length=500)
    industries: list[Word] = Field(default_factory=list, max_length=100)
    sources: list[LeadSource] = Field(default_factory=list, max_length=20)
    budget_min: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    budget_max: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    # The lead's rule-based score (scoring rules), at least this many points.
    score_min: int | None = Field(None, ge=0, le=100000)
    product_keywords: list[Word] = Field(default_factory=list, max_length=50)
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7)
    time_from: ClockTime | None = None
    time_to: ClockTime | None = None


class RuleIn(InputSchema):
    """A new rule; without `position` it goes last."""

    name: str = Field(min_length=1, max_length=60)
    is_active: bool = True
    position: int | None = Field(None, ge=0, le=10000)
    conditions: RuleConditions = Field(default_factory=lambda: RuleConditions.model_validate({}))
    action: AssignmentAction
    target_user_id: int | None = None
    target_department_id: int | None = None
    target_pool_id: int | None = None


class RulePatch(InputSchema):
    """Changes to a rule, naming the version they were made on."""

    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    is_active: bool | None = None
    conditions: RuleConditions | None = None
    action: AssignmentAction | None = None
    target_user_id: int | None = None
    target_department_id: int | None = None
    target_pool_id: int | None = None


class RuleOut(Schema):
    """A rule with the names of its targets."""

    id: int
    name: str
    position: int
    is_active: bool
    conditions: dict[str, Any]
    action: str
    target_user_id: int | None
    target_user_name: str
    target_department_id: int | None
    target_department_name: str
    target_pool_id: int | None
    target_pool_name: str
    last_assigned_user_id: int | None
    version: int
    updated_at: datetime


class RuleOrderIn(InputSchema):
    """Every rule id, in the new order."""

    ids: list[int] = Field(max_length=1000)


class AssignmentPreviewValues(InputSchema):
    """The lead attributes rules read."""

    province_code: str = Field("", max_length=6)
    city_code: str = Field("", max_length=6)
    industry: str = Field("", max_length=40)
    budget: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    source: LeadSource = LeadSource.WEB_FORM
    product_interest: str = Field("", max_length=200)
    mobile: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    company_name: str = Field("", max_length=200)


class AssignmentPreviewIn(InputSchema):
    """A would-be lead and when it arrives (default: now)."""

    values: AssignmentPreviewValues = Field(default_factory=lambda: AssignmentPreviewValues.model_validate({}))
    at: datetime | None = None


class AssignmentPreviewOut(Schema):
    """Who would get the lead and which rule decided."""

    rule_id: int | None
    rule_name: str
    user_id: int | None
    user_name: str
    pool_id: int | None
    pool_name: str
    explanation: str


class AvailabilityIn(InputSchema):
    """A rep's capacity (open leads at most), working days (1 = Monday) and hours, and leave."""

    capacity: int | None = Field(None, ge=0, le=100000)
    work_start: time | None = None
    work_end: time | None = None
    work_days: list[Weekday] = Field(default_factory=list, max_length=7)
    leave_from: date | None = None
    leave_to: date | None = None


class AvailabilityItemIn(AvailabilityIn):
    """One rep's availability in a bulk save."""

    user_id: int


class AvailabilityBulkIn(InputSchema):
    """Several reps' availability, saved all or nothing."""

    items: list[AvailabilityItemIn] = Field(max_length=500)


class AvailabilityOut(Schema):
    """A rep's availability and open-lead load now."""

    user_id: int
    user_name: str
    department_id: int | None
    department_name: str
    capacity: int | None
    work_start: time | None
    work_end: time | None
    work_days: list[int]
    leave_from: date | None
    leave_to: date | None
    open_leads: int
    is_available_now: bool


class SlaIn(InputSchema):
    """The first-contact SLA: remind after N hours, escalate after M, return to a pool after K (optional)."""

    version: int
    remind_after_hours: Hours
    escalate_after_hours: Hours | None = None
    return_after_hours: Hours | None = None
    return_pool_id: int | None = None
    is_active: bool = True


class SlaOut(Schema):
    """The first-contact SLA."""

    remind_after_hours: int
    escalate_after_hours: int | None
    return_after_hours: int | None
    return_pool_id: int | None
    return_pool_name: str
    is_active: bool
    version: int


class FairnessColumnOut(Schema):
    """One column of the fairness report: a rule, or another way of getting leads (manual, claim…)."""

    key: str
    rule_id: int | None
    reason: str
    label: str


class FairnessRowOut(Schema):
    """One rep's leads received in the period, per column."""

    user_id: int
    user_name: str
    department_id: int | None
    department_name: str
    counts: dict[str, int]
    total: int


class FairnessOut(Schema):
    """Leads received per rep per rule in a period (days inclusive, Beijing time)."""

    date_from: date
    date_to: date
    department_id: int | None
    columns: list[FairnessColumnOut]
    rows: list[FairnessRowOut]
    totals: dict[str, int]
    total: int


class DepartureIn(InputSchema):
    """How a leaving user's work is handed on: by the rules, or all to one colleague."""

    mode: Literal["rules", "colleague"]
    colleague_id: int | None = None


class DepartureOut(Schema):
    """What the departure moved."""

    user_id: int
    mode: str
    lead_count: int
    leads_pooled: int
    customer_count: int
    customers_pooled: int
    opportunity_count: int
    heir_id: int | None
