"""HTTP endpoints of the activities domain: the calendar (items, drag to reschedule) and the iCal feed URL."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chengdan.accounts.actor import actor_of
from chengdan.activities import calendar, ical
from chengdan.activities.calendar_schemas import (
    CalendarFeedOut,
    CalendarItemOut,
    CalendarQueryIn,
    CalendarRescheduleIn,
)
from chengdan.core.schemas import responses

router = Router(tags=["activities"])


@router.get("/calendar/events", response=responses(list[CalendarItemOut]), exclude_unset=True)
def calendar_events(request: HttpRequest, query: Query[CalendarQueryIn]) -> list[dict[str, Any]]:
    """Follow-ups, planned follow-ups, visits and tasks in a range of at most 62 days, as the caller may see them."""
    return calendar.calendar_items(actor_of(request), **query.dict())


@router.post("/calendar/reschedule", response=responses(CalendarItemOut), exclude_unset=True)
def reschedule(request: HttpRequest, payload: CalendarRescheduleIn) -> dict[str, Any]:
    """Drag to reschedule: needs the edit right on the item; a stale `version` answers 409; reminders follow."""
    return calendar.reschedule(actor=actor_of(request), **payload.dict())


def _feed_body(feed: Any, url: str | None = None) -> dict[str, Any]:
    if feed is None:
        return {"is_active": False}
    body = {"is_active": True, "created_at": feed.created_at, "last_used_at": feed.last_used_at}
    if url:
        body["url"] = url
    return body


@router.get("/calendar/feed", response=responses(CalendarFeedOut), exclude_unset=True)
def get_feed(request: HttpRequest) -> dict[str, Any]:
    """Whether the caller has a feed URL, and when it was last read (the URL itself is shown only once)."""
    return _feed_body(ical.get_feed(actor_of(request)))


@router.post("/calendar/feed", response=responses(CalendarFeedOut, 201), exclude_unset=True)
def create_feed(request: HttpRequest) -> Status[dict[str, Any]]:
    """Create the caller's private feed URL, or replace it (the old one stops working)."""
    feed, token = ical.create_feed(actor=actor_of(request))
    return Status(201, _feed_body(feed, request.build_absolute_uri(ical.feed_path(token))))


@router.delete("/calendar/feed", response=responses(None, 204))
def revoke_feed(request: HttpRequest) -> Status[None]:
    """Revoke the caller's feed URL."""
    ical.revoke_feed(actor=actor_of(request))
    return Status(204, None)
