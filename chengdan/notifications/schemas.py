"""Response shapes of the inbox."""

from datetime import datetime
from typing import Any

from ninja import Schema


class NotificationOut(Schema):
    """One notification; `link` is an SPA path to open when it is clicked."""

    id: int
    kind: str
    title: str
    body: str
    link: str
    subject_type: str
    subject_id: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class UnreadCountOut(Schema):
    count: int


class ReadAllOut(Schema):
    updated: int


class NotificationFilters(Schema):
    unread_only: bool = False
