"""Request and response shapes of the lead endpoints (budgets travel as decimal strings)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

SOURCES = Literal["web_form", "email", "phone", "wechat", "exhibition", "referral", "advertising", "api", "import"]
STATUSES = Literal["new", "working", "converted", "invalid"]


class LeadOut(Schema):
    """A lead in a list, as the caller may see it (hidden fields are absent, masked ones masked)."""

    id: int
    name: str
    mobile: str | None = None
    email: str | None = None
    wechat: str | None = None
    title: str
    company_name: str
    province_code: str
    city_code: str
    district_code: str
    region_name: str
    industry: str
    budget: str | None = None
    product_interest: str
    source: str
    campaign: str
    status: str
    invalid_reason: str
    owner_id: int | None
    owner_name: str | None
    department_id: int | None
    department_name: str | None
    pool_id: int | None
    pool_name: str | None
    pooled_at: datetime | None
    score: int
    duplicate_status: str
    matched_customer_id: int | None
    matched_contact_id: int | None
    matched_lead_id: int | None
    assigned_at: datetime | None
    first_contacted_at: datetime | None
    last_follow_up_at: datetime | None
    converted_customer_id: int | None
    converted_contact_id: int | None
    converted_opportunity_id: int | None
    converted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class LeadDetailOut(LeadOut):
    """The whole lead: notes, the channel it came through, its clocks and whether the caller may edit it."""

    notes: str | None = None
    form_id: int | None
    mailbox_id: int | None
    assigned_rule_id: int | None
    sla_reminded_at: datetime | None
    sla_escalated_at: datetime | None
    idle_since: datetime
    can_edit: bool


class LeadFields(InputSchema):
    """Lead fields a caller may set; mobiles, e-mails, regions and budgets are normalised by the domain."""

    mobile: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    wechat: str | None = Field(None, max_length=60)
    title: str | None = Field(None, max_length=60)
    company_name: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=100, description="free text, e.g. 广东 深圳 南山")
    region_code: str | None = Field(None, max_length=6)
    province_code: str | None = Field(None, max_length=6)
    city_code: str | None = Field(None, max_length=6)
    district_code: str | None = Field(None, max_length=6)
    industry: str | None = Field(None, max_length=60)
    budget: str | int | float | None = Field(None, description='a number or text such as "¥12,000" or "1.5万"')
    product_interest: str | None = Field(None, max_length=200)
    campaign: str | None = Field(None, max_length=100)
    notes: str | None = Field(None, max_length=5000)


class LeadIn(LeadFields):
    """A lead to capture; at least one of mobile, email and wechat is required."""

    name: str = Field(..., max_length=60)
    source: SOURCES | None = None
    owner_id: int | None = None


class LeadPatch(LeadFields):
    version: int
    name: str | None = Field(None, max_length=60)
    status: Literal["new", "working"] | None = None


class LeadCaptureOut(Schema):
    """The capture's answer: the lead (absent when the caller may not see it) and whether it is new.

    `id` is null for an existing open lead the caller may not see: it learns the person is known, not where.
    """

    id: int | None
    created: bool
    duplicate_status: str
    lead: LeadDetailOut | None = None


class BulkCreateRowIn(LeadIn):
    submission_key: str | None = Field(None, max_length=200)


class BulkCreateIn(InputSchema):
    rows: list[dict[str, Any]] = Field(..., min_length=1, max_length=1000)
    source: SOURCES | None = None


class BulkCreateRowOut(Schema):
    index: int
    id: int | None = None
    created: bool
    code: str | None = None
    message: str | None = None
    fields: dict[str, str] | None = None


class BulkCreateOut(Schema):
    created: int
    existing: int
    failed: int
    rows: list[BulkCreateRowOut]


class LeadFiltersIn(Schema):
    """Query-string filters of the lead list."""

    q: str = Field("", max_length=100)
    status: list[STATUSES] = Field(default_factory=list, max_length=4)
    source: list[SOURCES] = Field(default_factory=list, max_length=9)
    owner_id: int | None = None
    department_id: int | None = None
    pool_id: int | None = None
    campaign: str = Field("", max_length=100)
    score_min: int | None = None
    score_max: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    duplicate_status: list[Literal["none", "linked", "flagged"]] = Field(default_factory=list, max_length=3)


class LeadTransferIn(InputSchema):
    owner_id: int
    version: int | None = None


class LeadInvalidIn(InputSchema):
    reason: str = Field(..., max_length=200)
    version: int | None = None


class LeadBulkIn(InputSchema):
    ids: list[int] = Field(..., min_length=1, max_length=1000)
    action: Literal["transfer", "set_status", "delete"]
    owner_id: int | None = None
    status: Literal["new", "working", "invalid"] | None = None
    reason: str | None = Field(None, max_length=200)


class LeadBulkRefusalOut(Schema):
    id: int
    code: str
    message: str


class LeadBulkOut(Schema):
    done: list[int]
    refused: list[LeadBulkRefusalOut]


class LeadTimelineEntryOut(Schema):
    id: int
    at: datetime
    action: str
    actor_name: str | None
    subject_type: str
    subject_id: str
    changes: dict[str, Any]


class LeadDuplicateOut(Schema):
    """A record sharing a key with the lead; `id` is absent and the name masked when out of the caller's scope."""

    kind: Literal["contact", "customer", "lead"]
    id: int | None
    name: str
    reasons: list[str]
    status: str | None = None
