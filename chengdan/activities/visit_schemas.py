"""Request and response shapes of the visit endpoints (plan, check in, check out, log)."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from chengdan.activities.schemas import FollowUpOut
from chengdan.core.schemas import InputSchema

VisitStatusIn = Literal["planned", "checked_in", "completed", "cancelled"]


class VisitOut(Schema):
    """A visit as the caller may see it; `summary` and `check_in_address` are absent when a field rule hides them."""

    id: int
    status: str
    purpose: str
    record_type: str
    record_id: int | None
    record_name: str
    customer_id: int | None
    customer_name: str | None
    customer_has_location: bool
    contact_id: int | None
    contact_name: str | None
    opportunity_id: int | None
    opportunity_name: str | None
    owner_id: int
    owner_name: str
    department_id: int | None
    department_name: str | None
    planned_at: datetime | None
    planned_minutes: int
    check_in_at: datetime | None
    check_in_latitude: float | None
    check_in_longitude: float | None
    check_in_accuracy_m: float | None
    check_in_address: str | None = None
    check_in_distance_m: int | None
    is_far: bool
    check_out_at: datetime | None
    check_out_latitude: float | None
    check_out_longitude: float | None
    check_out_accuracy_m: float | None
    summary: str | None = None
    attachment_count: int
    can_edit: bool
    can_pin_customer_location: bool | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class VisitCheckOutOut(Schema):
    """A completed visit and the follow-up its check-out logged."""

    visit: VisitOut
    follow_up: FollowUpOut


class VisitIn(InputSchema):
    """A visit to plan at a customer (optionally with one of its contacts and deals)."""

    customer_id: int
    contact_id: int | None = None
    opportunity_id: int | None = None
    planned_at: datetime
    planned_minutes: int = Field(60, ge=5, le=24 * 60)
    purpose: str = Field("", max_length=200)


class VisitPatch(InputSchema):
    """Move a planned visit or change what it is for."""

    version: int
    contact_id: int | None = None
    opportunity_id: int | None = None
    planned_at: datetime | None = None
    planned_minutes: int | None = Field(None, ge=5, le=24 * 60)
    purpose: str | None = Field(None, max_length=200)


class VisitCancelIn(InputSchema):
    version: int
    reason: str = Field("", max_length=200)


class VisitPositionIn(InputSchema):
    """Where the phone says it is (WGS-84 degrees) and how sure it is (metres)."""

    latitude: float
    longitude: float
    accuracy_m: float
    client_at: datetime | None = None
    address: str = Field("", max_length=300)


class VisitCheckInIn(VisitPositionIn):
    version: int | None = None
    # Save this position as the customer's location (when it has none and the caller may edit it).
    pin_customer_location: bool = False


class UnplannedCheckInIn(VisitPositionIn):
    """Check in at a customer without a plan: the visit is created on the spot."""

    customer_id: int
    contact_id: int | None = None
    opportunity_id: int | None = None
    purpose: str = Field("", max_length=200)
    pin_customer_location: bool = False


class VisitCheckOutIn(VisitPositionIn):
    """Leave the customer: the summary becomes a follow-up (kind visit), optionally with the next one."""

    version: int | None = None
    summary: str = Field(..., max_length=5000)
    next_follow_up_at: datetime | None = None
    participant_ids: list[int] = Field(default_factory=list, max_length=50)
    contact_ids: list[int] = Field(default_factory=list, max_length=50)
    mentioned_user_ids: list[int] = Field(default_factory=list, max_length=50)


class VisitFiltersIn(Schema):
    """The visit log's filters: whose, which team, status, far flag, an ISO week ("2025-W07") or dates."""

    owner_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    status: list[VisitStatusIn] = Field(default_factory=list, max_length=4)
    is_far: bool | None = None
    week: str = Field("", max_length=8, pattern=r"^(\d{4}-W\d{2})?$")
    date_from: date | None = None
    date_to: date | None = None
