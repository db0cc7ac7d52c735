"""Request and response shapes of the follow-up endpoints (visits in visit_schemas, tasks in task_schemas)."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

FollowUpKindIn = Literal["phone", "visit", "wechat", "email", "meeting", "other"]
RecordTypeIn = Literal["leads", "customers", "contacts", "opportunities"]
IdList = list[int]


class FollowUpPersonOut(Schema):
    """A colleague or contact named on a follow-up."""

    id: int
    name: str


class FollowUpOut(Schema):
    """A follow-up as the caller may see it; `content` is absent when a field rule hides it."""

    id: int
    kind: str
    content: str | None = None
    occurred_at: datetime
    record_type: str
    record_id: int | None
    record_name: str
    lead_id: int | None
    customer_id: int | None
    customer_name: str | None
    contact_id: int | None
    opportunity_id: int | None
    author_id: int
    author_name: str
    department_id: int | None
    department_name: str | None
    participants: list[FollowUpPersonOut]
    participant_contacts: list[FollowUpPersonOut]
    mentions: list[FollowUpPersonOut]
    next_follow_up_at: datetime | None
    visit_id: int | None
    source: str
    attachment_count: int
    can_edit: bool
    created_at: datetime
    updated_at: datetime
    version: int


class FollowUpIn(InputSchema):
    """A follow-up to log on a lead, customer, contact or deal."""

    record_type: RecordTypeIn
    record_id: int
    kind: FollowUpKindIn = "phone"
    content: str = Field(..., max_length=5000)
    occurred_at: datetime | None = None
    participant_ids: IdList = Field(default_factory=list, max_length=50)
    contact_ids: IdList = Field(default_factory=list, max_length=50)
    mentioned_user_ids: IdList = Field(default_factory=list, max_length=50)
    next_follow_up_at: datetime | None = None


class FollowUpPatch(InputSchema):
    """Changes to a follow-up; `next_follow_up_at: null` cancels the reminder."""

    version: int
    kind: FollowUpKindIn | None = None
    content: str | None = Field(None, max_length=5000)
    occurred_at: datetime | None = None
    participant_ids: IdList | None = Field(None, max_length=50)
    contact_ids: IdList | None = Field(None, max_length=50)
    mentioned_user_ids: IdList | None = Field(None, max_length=50)
    next_follow_up_at: datetime | None = None


class FollowUpFiltersIn(Schema):
    """The follow-up log's filters (dates are whole days, Asia/Shanghai)."""

    author_id: int | None = None
    department_id: int | None = None
    kind: list[FollowUpKindIn] = Field(default_factory=list, max_length=6)
    record_type: RecordTypeIn | None = None
    date_from: date | None = None
    date_to: date | None = None


class ActivityFeedQuery(Schema):
    """Whose activity feed: a lead, customer, contact or deal."""

    record_type: RecordTypeIn
    record_id: int
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=500)


class ActivityVisitOut(Schema):
    """A visit as it shows in a record's activity feed."""

    id: int
    status: str
    purpose: str
    owner_id: int
    owner_name: str
    planned_at: datetime | None
    check_in_at: datetime | None
    check_out_at: datetime | None
    check_in_distance_m: int | None
    is_far: bool
    summary: str | None = None
    attachment_count: int
    can_edit: bool
    version: int


class ActivityItemOut(Schema):
    """One entry of a record's activity feed: a follow-up or a visit."""

    type: Literal["follow_up", "visit"]
    at: datetime
    follow_up: FollowUpOut | None = None
    visit: ActivityVisitOut | None = None


class ActivityFeedOut(Schema):
    """A page of a record's activity feed, newest first."""

    items: list[ActivityItemOut]
    next_cursor: str | None = None
