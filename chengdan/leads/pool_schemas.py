"""Schemas of public pools: settings with take-back rules, claims, releases, assignment and history."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema

RESOURCE_PATTERN = "^(customers|leads)$"


class TakeBackRuleIn(InputSchema):
    customer_level: str = Field("", max_length=40)
    no_follow_up_days: int | None = Field(None, ge=1, le=3650)
    no_won_days: int | None = Field(None, ge=1, le=3650)
    warn_days: int = Field(3, ge=0, le=365)
    exempts_open_deals: bool = True
    is_active: bool = True


class TakeBackRuleOut(Schema):
    id: int
    customer_level: str
    no_follow_up_days: int | None
    no_won_days: int | None
    warn_days: int
    exempts_open_deals: bool
    is_active: bool


class PoolIn(InputSchema):
    resource: str = Field(..., pattern=RESOURCE_PATTERN)
    name: str = Field(..., min_length=1, max_length=60)
    name_en: str = Field("", max_length=60)
    member_ids: list[int] = Field(default_factory=list, max_length=1000)
    member_department_ids: list[int] = Field(default_factory=list, max_length=200)
    manager_ids: list[int] = Field(default_factory=list, max_length=100)
    max_held: int | None = Field(None, ge=0, le=1000000)
    max_claims_per_day: int | None = Field(None, ge=0, le=100000)
    cooldown_days: int = Field(0, ge=0, le=3650)
    is_default: bool = False
    is_active: bool = True
    take_back_rules: list[TakeBackRuleIn] = Field(default_factory=list, max_length=50)


class PoolPatch(InputSchema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=60)
    name_en: str | None = Field(None, max_length=60)
    member_ids: list[int] | None = Field(None, max_length=1000)
    member_department_ids: list[int] | None = Field(None, max_length=200)
    manager_ids: list[int] | None = Field(None, max_length=100)
    max_held: int | None = Field(None, ge=0, le=1000000)
    max_claims_per_day: int | None = Field(None, ge=0, le=100000)
    cooldown_days: int | None = Field(None, ge=0, le=3650)
    is_default: bool | None = None
    is_active: bool | None = None
    take_back_rules: list[TakeBackRuleIn] | None = Field(None, max_length=50)


class NamedOut(Schema):
    id: int
    name: str


class PoolOut(Schema):
    id: int
    resource: str
    name: str
    name_en: str
    members: list[NamedOut]
    member_departments: list[NamedOut]
    managers: list[NamedOut]
    max_held: int | None
    max_claims_per_day: int | None
    cooldown_days: int
    is_default: bool
    is_active: bool
    is_member: bool
    is_manager: bool
    version: int
    take_back_rules: list[TakeBackRuleOut]


class PoolSummaryOut(Schema):
    """A pool the caller belongs to, with its limits and what the caller holds and claimed today."""

    id: int
    resource: str
    name: str
    name_en: str
    max_held: int | None
    max_claims_per_day: int | None
    cooldown_days: int
    is_default: bool
    is_manager: bool
    held: int
    claimed_today: int


class PoolsMineQuery(Schema):
    resource: str = Field(..., pattern=RESOURCE_PATTERN)


class PoolsQuery(Schema):
    resource: str | None = Field(None, pattern=RESOURCE_PATTERN)


class PoolRecordOut(Schema):
    """A record waiting in a pool (a customer or a lead), with who lost it last."""

    id: int
    resource: str
    name: str
    company_name: str | None = None
    level: str | None = None
    industry: str | None = None
    region_name: str | None = None
    status: str | None = None
    pool_id: int | None
    pooled_at: datetime | None
    last_follow_up_at: datetime | None = None
    last_owner_id: int | None = None
    last_owner_name: str | None = None
    created_at: datetime
    version: int


class ReleaseIn(InputSchema):
    reason: str = Field(..., max_length=300)


class ClaimOut(Schema):
    """The record's new state after a claim or release."""

    resource: str
    id: int
    owner_id: int | None
    owner_name: str | None
    department_id: int | None
    pool_id: int | None
    pooled_at: datetime | None
    version: int


class PoolAssignIn(InputSchema):
    ids: list[int] = Field(..., min_length=1, max_length=1000)
    user_id: int


class PoolAssignOut(Schema):
    done: int
    refused_ids: list[int]


class PoolEventOut(Schema):
    id: int
    action: str
    pool_id: int
    pool_name: str
    user_id: int | None
    user_name: str | None
    actor_id: int | None
    actor_name: str | None
    reason: str
    at: datetime
