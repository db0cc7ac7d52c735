"""Request and response shapes of the task endpoints."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field

from chengdan.core.schemas import InputSchema

Priority = Literal["low", "normal", "high", "urgent"]
RecurrenceChoice = Literal["none", "daily", "weekdays", "weekly", "monthly"]
StatusChoice = Literal["open", "done", "cancelled"]
# Up to a week ahead; a reminder further out than the task's own horizon is not a reminder.
REMIND_MAX_MINUTES = 7 * 24 * 60


def aware(value: datetime) -> datetime:
    """A time without an offset is read in the server's time zone (Asia/Shanghai)."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


LocalDatetime = Annotated[datetime, AfterValidator(aware)]


class TaskOut(Schema):
    """A task as the caller may see it; `related_name` is absent when the record is out of their scope."""

    id: int
    title: str
    description: str | None = None
    due_at: datetime
    remind_before_minutes: int | None
    assignee_id: int
    assignee_name: str
    department_id: int | None
    department_name: str | None
    created_by_id: int
    created_by_name: str
    priority: str
    status: str
    completed_at: datetime | None
    recurrence: str
    recurrence_until: date | None
    series_id: int | None
    lead_id: int | None
    customer_id: int | None
    contact_id: int | None
    opportunity_id: int | None
    related_type: str | None
    related_id: int | None
    related_name: str | None = None
    is_overdue: bool
    can_edit: bool
    version: int
    created_at: datetime
    updated_at: datetime


class TaskFields(InputSchema):
    """Fields a caller may set on create and edit."""

    description: str | None = Field(None, max_length=5000)
    remind_before_minutes: int | None = Field(None, ge=0, le=REMIND_MAX_MINUTES)
    assignee_id: int | None = None
    priority: Priority | None = None
    recurrence: RecurrenceChoice | None = None
    recurrence_until: date | None = None
    lead_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    opportunity_id: int | None = None


class TaskIn(TaskFields):
    """A new task; without `assignee_id` it is the caller's own."""

    title: str = Field(..., min_length=1, max_length=200)
    due_at: LocalDatetime
    remind_before_minutes: int | None = Field(0, ge=0, le=REMIND_MAX_MINUTES)


class TaskPatch(TaskFields):
    """Send only what changes, with the `version` read; `null` clears a link or the reminder."""

    version: int
    title: str | None = Field(None, min_length=1, max_length=200)
    due_at: LocalDatetime | None = None


class TaskVersionIn(InputSchema):
    """Complete, reopen or cancel: the `version` read (optional; a stale one answers 409)."""

    version: int | None = None


class TaskFiltersIn(Schema):
    """Query-string filters of the task list: tab (`scope`, `overdue`) and narrowing."""

    scope: Literal["mine", "team", "all"] = "all"
    overdue: bool = False
    status: list[StatusChoice] = []
    priority: list[Priority] = []
    assignee_id: int | None = None
    due_from: LocalDatetime | None = None
    due_to: LocalDatetime | None = None
    lead_id: int | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    opportunity_id: int | None = None
    q: str = Field("", max_length=100)
