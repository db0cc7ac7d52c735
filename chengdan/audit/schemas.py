"""Shapes of the audit viewer's endpoint."""

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class AuditEntryOut(Schema):
    id: int
    seq: int
    at: datetime
    user_id: int | None
    user_name: str
    ip: str
    user_agent: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, list[Any]]
    data: dict[str, Any]


class AuditFiltersIn(Schema):
    user_id: int | None = None
    object_type: str = Field("", max_length=50)
    object_id: str = Field("", max_length=64)
    action: str = Field("", max_length=64)
    since: datetime | None = None
    until: datetime | None = None
