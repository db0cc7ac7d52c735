"""Request and response shapes of the customer, contact and customer-settings endpoints."""

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema


class TagOut(Schema):
    id: int
    name: str
    color: str


class CustomerOut(Schema):
    """A customer as the caller may see it; fields hidden by field rules are absent."""

    id: int
    name: str | None = None
    short_name: str | None = None
    credit_code: str | None = None
    industry: str | None = None
    province_code: str | None = None
    city_code: str | None = None
    district_code: str | None = None
    region_name: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    source: str | None = None
    level: str | None = None
    stage: str | None = None
    phone: str | None = None
    notes: str | None = None
    custom: dict[str, Any] | None = None
    tags: list[TagOut] = []
    owner_id: int | None
    owner_name: str | None
    pool_id: int | None = None
    department_id: int | None
    department_name: str | None
    last_follow_up_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class CustomerFields(InputSchema):
    """Customer fields a caller may set; region by code or free text (省/市/区)."""

    short_name: str | None = Field(None, max_length=100)
    credit_code: str | None = Field(None, max_length=40)
    industry: str | None = Field(None, max_length=60)
    region_code: str | None = Field(None, max_length=6)
    region: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=300)
    # The pinned location (WGS-84 degrees), set together.
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = Field(None, max_length=200)
    source: str | None = Field(None, max_length=60)
    level: str | None = Field(None, max_length=60)
    stage: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=30)
    notes: str | None = Field(None, max_length=5000)
    custom: dict[str, Any] | None = None
    tag_ids: list[int] | None = Field(None, max_length=50)


class CustomerIn(CustomerFields):
    name: str = Field(..., min_length=1, max_length=200)
    owner_id: int | None = None
    allow_duplicate: bool = False


class CustomerPatch(CustomerFields):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)


class CustomerFiltersIn(Schema):
    q: str = Field("", max_length=100)
    owner_id: int | None = None
    department_id: int | None = None
    tag_ids: list[int] = Field(default_factory=list, max_length=20)
    level: list[str] = Field(default_factory=list, max_length=20)
    stage: list[str] = Field(default_factory=list, max_length=20)
    industry: list[str] = Field(default_factory=list, max_length=20)
    source: list[str] = Field(default_factory=list, max_length=20)
    region_code: str = Field("", max_length=6)
    created_from: date | None = None
    created_to: date | None = None
    follow_up_from: date | None = None
    follow_up_to: date | None = None
    custom: str = Field("", max_length=2000, description='JSON object: {"key": value} or {"key": [min, max]}')
    pool_id: int | None = None
    in_pool: bool | None = None


class TransferIn(InputSchema):
    owner_id: int
    version: int


class BulkIn(InputSchema):
    ids: list[int] = Field(..., min_length=1, max_length=1000)
    operation: str = Field(..., pattern="^(transfer|add_tags|remove_tags|set_stage|delete)$")
    owner_id: int | None = None
    tag_ids: list[int] | None = Field(None, max_length=50)
    stage: str = Field("", max_length=60)


class BulkOut(Schema):
    done: int
    refused_ids: list[int]


class ContactOut(Schema):
    """A contact as the caller may see it."""

    id: int
    customer_id: int
    customer_name: str | None = None
    name: str
    title: str | None = None
    department_name: str | None = None
    mobile: str | None = None
    landline: str | None = None
    email: str | None = None
    wechat: str | None = None
    birthday: date | None = None
    decision_role: str | None = None
    is_primary: bool
    notes: str | None = None
    custom: dict[str, Any] | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class ContactFields(InputSchema):
    title: str | None = Field(None, max_length=60)
    department_name: str | None = Field(None, max_length=60)
    mobile: str | None = Field(None, max_length=30)
    landline: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    wechat: str | None = Field(None, max_length=60)
    birthday: str | None = Field(None, max_length=30)
    decision_role: str | None = Field(None, max_length=60)
    is_primary: bool | None = None
    notes: str | None = Field(None, max_length=5000)
    custom: dict[str, Any] | None = None


class ContactIn(ContactFields):
    name: str = Field(..., min_length=1, max_length=60)
    allow_duplicate: bool = False


class ContactPatch(ContactFields):
    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    customer_id: int | None = None


class DuplicateCheckIn(InputSchema):
    name: str = Field("", max_length=200)
    credit_code: str = Field("", max_length=40)
    mobiles: list[str] = Field(default_factory=list, max_length=20)
    emails: list[str] = Field(default_factory=list, max_length=20)
    exclude_id: int | None = None


class CandidateOut(Schema):
    id: int | None
    name: str
    owner_name: str | None
    is_visible: bool
    reasons: list[str]
    score: float


class DuplicateGroupOut(Schema):
    reason: str
    key: str
    customers: list[CustomerOut]


class MergeIn(InputSchema):
    survivor_id: int
    merged_id: int
    take_from_merged: list[str] = Field(default_factory=list, max_length=30)
    custom_from_merged: list[str] = Field(default_factory=list, max_length=100)


class MergeOut(Schema):
    id: int
    survivor_id: int
    merged_id: int
    merged_name: str
    actor_name: str
    created_at: datetime
    undone_at: datetime | None


class SearchOut(Schema):
    customers: list[CustomerOut]
    contacts: list[ContactOut]


class OptionOut(Schema):
    id: int
    kind: str
    code: str
    label: str
    label_en: str
    color: str
    position: int
    is_active: bool


class OptionIn(InputSchema):
    label: str = Field(..., min_length=1, max_length=60)
    label_en: str = Field("", max_length=60)
    color: str = Field("", max_length=20)
    position: int = Field(0, ge=0, le=10000)
    is_active: bool = True


class TagIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=40)
    color: str = Field("#409EFF", max_length=20)


class TagPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=40)
    color: str | None = Field(None, max_length=20)


class ChoiceItem(Schema):
    value: str = Field(..., min_length=1, max_length=60)
    label: str = Field("", max_length=60)


class CustomFieldOut(Schema):
    id: int
    entity: str
    key: str
    label: str
    label_en: str
    field_type: str
    choices: list[ChoiceItem]
    is_required: bool
    is_unique: bool
    is_active: bool
    position: int


class CustomFieldIn(InputSchema):
    entity: str = Field(..., pattern="^(customer|contact)$")
    key: str = Field(..., min_length=1, max_length=40)
    label: str = Field(..., min_length=1, max_length=60)
    label_en: str = Field("", max_length=60)
    field_type: str = Field(..., max_length=20)
    choices: list[ChoiceItem] = Field(default_factory=list, max_length=200)
    is_required: bool = False
    is_unique: bool = False
    position: int = Field(0, ge=0, le=10000)


class CustomFieldPatch(InputSchema):
    label: str | None = Field(None, min_length=1, max_length=60)
    label_en: str | None = Field(None, max_length=60)
    choices: list[ChoiceItem] | None = Field(None, max_length=200)
    is_required: bool | None = None
    is_unique: bool | None = None
    is_active: bool | None = None
    position: int | None = Field(None, ge=0, le=10000)


class TimelineEntryOut(Schema):
    id: int
    at: datetime
    action: str
    actor_name: str | None
    subject_type: str
    subject_id: str
    changes: dict[str, Any]
