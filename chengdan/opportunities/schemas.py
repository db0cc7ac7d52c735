"""Request and response shapes of the deal and board endpoints (money travels as decimal strings)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema
from chengdan.opportunities.settings_schemas import PipelineOut


class OpportunityTagOut(Schema):
    id: int
    name: str
    color: str


class OpportunityCardOut(Schema):
    """A kanban card; money fields hidden by field rules are absent."""

    id: int
    name: str
    customer_id: int
    customer_name: str
    owner_id: int
    owner_name: str
    amount: str | None = None
    currency: str
    amount_cny: str | None = None
    probability: int
    expected_close_date: date | None
    stage_id: int
    status: str
    forecast_category: str
    version: int
    risks: list[str] = []
    tags: list[OpportunityTagOut] = []


class OpportunityOut(OpportunityCardOut):
    """A deal in a list, as the caller may see it."""

    pipeline_id: int
    department_id: int | None
    department_name: str | None
    source: str
    campaign: str
    next_step: str | None = None
    next_step_date: date | None
    competitors: list[str] | str | None = None
    won_at: datetime | None
    won_amount: str | None = None
    lost_at: datetime | None
    lost_reason: str
    lost_to_competitor: str | None = None
    created_at: datetime
    updated_at: datetime
    stage_entered_at: datetime
    last_activity_at: datetime


class LineOut(Schema):
    id: int
    product_name: str
    quantity: str
    unit_price: str | None = None
    discount_percent: str
    amount: str | None = None


class ContactRoleOut(Schema):
    id: int
    contact_id: int | None
    contact_name: str
    role: str
    is_key: bool
    is_gone: bool


class OpportunityDetailOut(OpportunityOut):
    """The whole deal: notes, product lines, contacts with their roles."""

    notes: str | None = None
    lines: list[LineOut]
    contacts: list[ContactRoleOut]
    can_edit: bool
    exchange_rate: str


class LineIn(InputSchema):
    product_name: str = Field(..., min_length=1, max_length=200)
    quantity: Decimal = Field(Decimal("1"), gt=0, max_digits=14, decimal_places=3)
    unit_price: Decimal = Field(..., ge=0, max_digits=16, decimal_places=2)
    discount_percent: Decimal = Field(Decimal("0"), ge=0, le=100, max_digits=5, decimal_places=2)


class ContactRoleIn(InputSchema):
    contact_id: int
    role: str = Field("", max_length=40)
    is_key: bool = False


class OpportunityFields(InputSchema):
    """Deal fields a caller may set on create and edit."""

    amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    expected_close_date: date | None = None
    forecast_category: Literal["omitted", "pipeline", "best_case", "commit"] | None = None
    source: str | None = Field(None, max_length=40)
    campaign: str | None = Field(None, max_length=100)
    competitors: list[str] | None = Field(None, max_length=20)
    next_step: str | None = Field(None, max_length=300)
    next_step_date: date | None = None
    notes: str | None = Field(None, max_length=5000)
    tag_ids: list[int] | None = Field(None, max_length=50)
    lines: list[LineIn] | None = Field(None, max_length=200)
    contacts: list[ContactRoleIn] | None = Field(None, max_length=50)


class OpportunityIn(OpportunityFields):
    name: str = Field(..., min_length=1, max_length=200)
    customer_id: int
    pipeline_id: int | None = None
    stage_id: int | None = None
    owner_id: int | None = None


class OpportunityPatch(OpportunityFields):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)


class OpportunityFiltersIn(Schema):
    """Query-string filters of the deal list (and, minus stage/status, the board)."""

    q: str = Field("", max_length=100)
    pipeline_id: int | None = None
    stage_id: int | None = None
    status: list[Literal["open", "won", "lost"]] = []
    owner_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    tag_ids: list[int] = []
    close_from: date | None = None
    close_to: date | None = None
    won_from: date | None = None
    won_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    forecast_category: list[Literal["omitted", "pipeline", "best_case", "commit", "closed"]] = []
    risk: list[str] = []
    ids: str = Field("", max_length=5000)


class BoardFiltersIn(Schema):
    """Board filters: the list's, without stage and status."""

    pipeline_id: int | None = None
    q: str = Field("", max_length=100)
    owner_id: int | None = None
    department_id: int | None = None
    customer_id: int | None = None
    tag_ids: list[int] = []
    close_from: date | None = None
    close_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    forecast_category: list[Literal["omitted", "pipeline", "best_case", "commit", "closed"]] = []
    risk: list[str] = []


class MoveIn(InputSchema):
    stage_id: int
    version: int
    lost_reason: str | None = Field(None, max_length=40)
    lost_to_competitor: str | None = Field(None, max_length=100)
    lost_note: str | None = Field(None, max_length=500)
    won_amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)


class WonIn(InputSchema):
    version: int
    won_amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    won_date: date | None = None


class LostIn(InputSchema):
    version: int
    lost_reason: str = Field(..., max_length=40)
    lost_to_competitor: str | None = Field(None, max_length=100)
    lost_note: str | None = Field(None, max_length=500)


class ReopenIn(InputSchema):
    version: int
    stage_id: int


class OpportunityTransferIn(InputSchema):
    owner_id: int
    version: int | None = None


class OpportunityBulkIn(InputSchema):
    ids: list[int] = Field(..., min_length=1, max_length=1000)
    action: Literal["transfer", "move", "delete", "add_tag", "remove_tag"]
    owner_id: int | None = None
    stage_id: int | None = None
    tag_id: int | None = None


class OpportunityBulkRefusalOut(Schema):
    id: int
    code: str
    message: str


class OpportunityBulkOut(Schema):
    done: list[int]
    refused: list[OpportunityBulkRefusalOut]


class StageChangeOut(Schema):
    id: int
    from_stage_id: int | None
    from_stage_name: str | None
    to_stage_id: int
    to_stage_name: str
    moved_by_name: str | None
    moved_at: datetime
    seconds_in_from_stage: int


class BoardColumnOut(Schema):
    stage_id: int
    count: int
    # Absent when the caller may not see amounts.
    amount: str | None = None
    weighted_amount: str | None = None
    items: list[OpportunityCardOut]
    next_cursor: str | None


class BoardOut(Schema):
    pipeline: PipelineOut
    columns: list[BoardColumnOut]


class BoardColumnPageOut(Schema):
    items: list[OpportunityCardOut]
    next_cursor: str | None


class OpportunityTimelineEntryOut(Schema):
    id: int
    at: datetime
    action: str
    actor_name: str | None
    subject_type: str
    subject_id: str
    changes: dict[str, Any]
