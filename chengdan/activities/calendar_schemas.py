"""Request and response shapes of the calendar endpoints and the iCalendar feed settings."""

from datetime import datetime
from typing import Literal

from ninja import Schema

from chengdan.activities.task_schemas import LocalDatetime
from chengdan.core.schemas import InputSchema

ItemType = Literal["task", "follow_up", "planned_follow_up", "visit"]


class CalendarQueryIn(Schema):
    """A range of at most 62 days; `team` shows the caller's department tree, `user_id` one person of it."""

    start: LocalDatetime
    end: LocalDatetime
    scope: Literal["mine", "team"] = "mine"
    user_id: int | None = None


class CalendarItemOut(Schema):
    """One calendar entry; `editable` says whether the caller may drag it (send `version` with the move)."""

    key: str
    type: str
    id: int
    title: str
    detail: str
    start: datetime
    end: datetime | None
    user_id: int
    user_name: str
    status: str
    priority: str | None
    version: int
    editable: bool
    related_type: str | None
    related_id: int | None
    related_name: str | None = None


class CalendarRescheduleIn(InputSchema):
    """Move a task's due time, a planned visit or a planned follow-up to `start`."""

    item_type: Literal["task", "visit", "planned_follow_up"]
    item_id: int
    version: int
    start: LocalDatetime


class CalendarFeedOut(Schema):
    """The caller's iCalendar feed; `url` is present only in the answer that created it."""

    is_active: bool
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    url: str | None = None
