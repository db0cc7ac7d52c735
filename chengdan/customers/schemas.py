"""Request and response shapes of the customer endpoints."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from chengdan.core.schemas import InputSchema


class CustomerOut(Schema):
    """A customer as the caller may see it; fields hidden by field rules are absent."""

    id: int
    name: str | None = None
    phone: str | None = None
    credit_code: str | None = None
    notes: str | None = None
    owner_id: int
    owner_name: str
    department_id: int | None
    department_name: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class CustomerIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    phone: str = Field("", max_length=30)
    credit_code: str = Field("", max_length=18)
    notes: str = Field("", max_length=5000)
    owner_id: int | None = None


class CustomerPatch(InputSchema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    phone: str | None = Field(None, max_length=30)
    credit_code: str | None = Field(None, max_length=18)
    notes: str | None = Field(None, max_length=5000)


class CustomerFiltersIn(Schema):
    q: str = Field("", max_length=100)
    owner_id: int | None = None
    department_id: int | None = None


class TransferIn(InputSchema):
    owner_id: int
    version: int


class CollaboratorOut(Schema):
    user_id: int
    user_name: str
    access: str


class CollaboratorIn(InputSchema):
    access: str = Field("read", pattern="^(read|edit)$")
