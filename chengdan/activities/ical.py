"""The private iCalendar feed: one secret URL per user, for Outlook and phone calendars.

Only the SHA-256 of the token is stored; creating a feed again rotates it and revoking deletes it, so an
old URL stops working at once. The feed shows what is ahead of the user as they may see it: their open
and done tasks, planned visits and planned follow-ups, from 30 days back to 180 days ahead, in UTC.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import icalendar
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from chengdan.accounts.models import User
from chengdan.activities import calendar
from chengdan.activities.models import CalendarFeed
from chengdan.core.events import Event, publish

DAYS_BACK = 30
DAYS_AHEAD = 180
SUBJECT_TYPE = "calendar_feeds"
UID_DOMAIN = "chengdan"


def token_hash(token: str) -> str:
    """What is stored for a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_path(token: str) -> str:
    """The feed's path (the API makes it absolute)."""
    return f"/ical/{token}.ics"


def get_feed(actor: User) -> CalendarFeed | None:
    """The actor's feed, if they have one."""
    return CalendarFeed.objects.filter(user=actor).first()


def create_feed(*, actor: User) -> tuple[CalendarFeed, str]:
    """Create the actor's feed or rotate its token (the old URL stops working); the token is returned once."""
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token_hash": token_hash(token), "created_at": timezone.now(), "last_used_at": None}
    )
    name = "calendar_feed.created" if created else "calendar_feed.rotated"
    publish(Event(name, SUBJECT_TYPE, str(actor.pk), actor.name, actor.pk))
    return feed, token


def revoke_feed(*, actor: User) -> None:
    """Delete the actor's feed: its URL answers 404 from now on (revoking none is a no-op)."""
    deleted, _ = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        publish(Event("calendar_feed.revoked", SUBJECT_TYPE, str(actor.pk), actor.name, actor.pk))


def feed_owner(token: str) -> User:
    """The active user whose feed the token opens (Http404 otherwise); marks the feed used."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed.user


def build_calendar(user: User, base_url: str, now: datetime | None = None) -> bytes:
    """The user's planned items as an iCalendar document (VEVENTs with stable UIDs, UTC times)."""
    now = now or timezone.now()
    window = calendar.Window(now - timedelta(days=DAYS_BACK), now + timedelta(days=DAYS_AHEAD))
    users = User.objects.filter(pk=user.pk)
    document = icalendar.Calendar()
    document.add("prodid", "-//Chengdan CRM//Calendar feed//ZH")
    document.add("version", "2.0")
    document.add("calscale", "GREGORIAN")
    document.add("x-wr-calname", "成单日程")
    stamp = now.astimezone(UTC)
    for item in calendar.collect_items(user, users, window, planned_only=True):
        event = icalendar.Event()
        event.add("uid", f"{item['type']}-{item['id']}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        start = item["start"].astimezone(UTC)
        event.add("dtstart", start)
        end = item["end"] or item["start"] + timedelta(minutes=calendar.TASK_MINUTES)
        event.add("dtend", end.astimezone(UTC))
        done = item["status"] == "done"
        event.add("summary", f"✓ {item['title']}" if done else item["title"])
        if item["detail"]:
            event.add("description", item["detail"])
        event.add("categories", [item["type"]])
        event.add("url", base_url.rstrip("/") + _link(item))
        document.add_component(event)
    return bytes(document.to_ical())


def _link(item: dict[str, object]) -> str:
    if item["type"] == "task":
        return f"/tasks?task={item['id']}"
    return "/calendar"


def feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET /ical/<token>.ics — public (the token is the credential), no session involved."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    user = feed_owner(token)
    body = build_calendar(user, request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="chengdan.ics"'
    return response
